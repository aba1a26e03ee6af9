using System.Text.Json;
using Envelope.Server.Data;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Organizations;

/// <summary>
/// On the first start with an empty database, creates organization <c>default</c> with an owner token, prints the
/// token once and writes it to <c>bootstrap.json</c> (mode 0600) in the data directory. Runs after the migration.
/// </summary>
internal sealed partial class DefaultOrganizationBootstrap(
    IServiceScopeFactory scopes,
    IOptions<StorageOptions> storage,
    ILogger<DefaultOrganizationBootstrap> logger) : StartupTask
{
    /// <summary>The advisory lock's key: any constant no other part of Envelope uses.</summary>
    private const long BootstrapLockId = 0x456e76656c6f7065; // "Envelope"

    public override async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        if (await BootstrapAsync(db, scope.ServiceProvider.GetRequiredService<OrganizationProvisioner>(), cancellationToken) is { } provisioned)
        {
            var path = await WriteBootstrapFileAsync(provisioned, cancellationToken);

            // Printed on the console, never logged: log sinks are kept for longer and read by more people.
            await System.Console.Out.WriteLineAsync($"""

                Envelope is initialized. Organization "default": {provisioned.Organization.Id}
                Owner token (shown once, also saved to {path} with mode 0600):
                    {provisioned.OwnerToken}

                """);
            LogBootstrapped(logger, provisioned.Organization.Id, path);
        }
    }

    /// <summary>
    /// Creates organization <c>default</c> when the database has none. Nodes starting together on one empty database
    /// take turns (SQLite's write lock, a PostgreSQL advisory lock), so exactly one of them creates it.
    /// </summary>
    private static async Task<ProvisionedOrganization?> BootstrapAsync(EnvelopeDbContext db, OrganizationProvisioner provisioner, CancellationToken cancellationToken)
    {
        // Every start but the first ends here, without taking a lock; the check is repeated under it.
        if (await db.Organizations.AnyAsync(cancellationToken))
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({BootstrapLockId})", cancellationToken);
        }

        if (await db.Organizations.AnyAsync(cancellationToken))
        {
            return null;
        }

        var provisioned = await provisioner.CreateAsync("default", cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return provisioned;
    }

    private async Task<string> WriteBootstrapFileAsync(ProvisionedOrganization provisioned, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(storage.Value.DataDirectory);
        var path = Path.Combine(storage.Value.DataDirectory, "bootstrap.json");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new FileStream(path, options);
        await JsonSerializer.SerializeAsync(file, new { organization = provisioned.Organization.Id, token = provisioned.OwnerToken }, cancellationToken: cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    [LoggerMessage(LogLevel.Information, "Created organization default ({OrganizationId}); its owner token is in {Path}")]
    private static partial void LogBootstrapped(ILogger logger, string organizationId, string path);
}
