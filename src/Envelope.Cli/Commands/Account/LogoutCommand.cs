using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.OAuth;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Account;

/// <summary>
/// <c>envelope logout</c>: a browser login's refresh and access tokens are revoked on the server (RFC 7009), then the
/// stored credentials are deleted, whatever the server said. An API token is only forgotten here.
/// </summary>
internal sealed class LogoutCommand : BaseCommand
{
    public LogoutCommand(CliContext context, GlobalOptions global)
        : base("logout", """
            Log out: a browser login is revoked on the server, then the stored credentials are deleted.
            They are deleted even when the server cannot be reached (the exit code then says the revocation failed).
            An API token (envl_…) is only deleted here: it stays valid on the server; revoke it with 'envelope tokens revoke'.
            """, context, global)
    {
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope logout", "envelope logout --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var store = new CredentialStore(Context);
        var credentials = store.Read();
        CliError? failure = null;
        if (credentials?.RefreshToken is { } refreshToken)
        {
            failure = await RevokeAsync(credentials, refreshToken, cancellationToken).ConfigureAwait(false);
        }

        // Deleted in every case: a person logging out of a machine expects nothing usable left on it.
        var deleted = store.Delete();
        bool? revoked = credentials?.RefreshToken is null ? null : failure is null;
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new LogoutOutput(deleted, revoked, failure?.Code, failure?.Message), CliJson.Default.LogoutOutput).ConfigureAwait(false);
        }

        await InformAsync(deleted ? $"Logged out; deleted {store.FilePath}." : "Not logged in.").ConfigureAwait(false);
        if (revoked == true)
        {
            await InformAsync("The browser login was revoked on the server.").ConfigureAwait(false);
        }
        else if (failure is { } error)
        {
            await Context.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await InformAsync("The login could not be revoked on the server: its refresh token stays valid there until it expires (30 days) or is used after a copy of it.").ConfigureAwait(false);
        }
        else if (credentials is not null)
        {
            await InformAsync("The API token stays valid on the server; revoke it with 'envelope tokens revoke ID' if it leaked.").ConfigureAwait(false);
        }

        if (Context.GetVariable(EnvironmentVariables.Token) is not null)
        {
            await InformAsync("ENVELOPE_TOKEN is still set and is used by every command.").ConfigureAwait(false);
        }

        return failure?.ExitCode ?? ExitCodes.Success;
    }

    /// <summary>The refresh token first (it is what keeps the login alive), then the access token; null when both were.</summary>
    private async Task<CliError?> RevokeAsync(StoredCredentials credentials, string refreshToken, CancellationToken cancellationToken)
    {
        try
        {
            // Only the server that issued them: tokens are never sent anywhere else, whatever --server says.
            using var oauth = new OAuthEndpointClient(new Uri(credentials.Server), Context.Time);
            await oauth.RevokeAsync(refreshToken, "refresh_token", cancellationToken).ConfigureAwait(false);
            await oauth.RevokeAsync(credentials.Token, "access_token", cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (ErrorReporter.TryMap(exception, cancellationToken, out var error))
        {
            return error;
        }
    }
}
