using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.OAuth;

/// <summary>The OAuth clients Envelope knows: the CLI, a public client using PKCE on a loopback redirect.</summary>
internal static class OAuthClients
{
    public const string CliClientId = "envelope-cli";

    public static OpenIddictApplicationDescriptor Cli()
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = CliClientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = "Envelope CLI",
            RedirectUris = { new Uri("http://127.0.0.1/callback"), new Uri("http://[::1]/callback") },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        return descriptor;
    }

    /// <summary>
    /// Registers or refreshes the built-in clients; run at start-up after migrations. The update replaces the stored
    /// permissions with the descriptor's, so a database registered before a permission existed (revocation) gains it.
    /// </summary>
    public static async Task EnsureRegisteredAsync(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var descriptor = Cli();
        if (await applications.FindByClientIdAsync(CliClientId, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }
}
