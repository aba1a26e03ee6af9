namespace Envelope.Server.Features.OAuth;

/// <summary>Registers the built-in OAuth clients once the database is migrated.</summary>
internal sealed class OAuthClientRegistration(IServiceScopeFactory scopes) : StartupTask
{
    public override async Task StartingAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A fresh scope per attempt: a refused insert stays tracked by the DbContext that tried it.
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await OAuthClients.EnsureRegisteredAsync(scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictApplicationManager>(), cancellationToken);
                return;
            }
            catch (Exception e) when (attempt < 3 && e is OpenIddict.Abstractions.OpenIddictExceptions.ValidationException
                or OpenIddict.Abstractions.OpenIddictExceptions.ConcurrencyException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // Another node starting at the same moment registered or updated the client first: read it again.
            }
        }
    }
}
