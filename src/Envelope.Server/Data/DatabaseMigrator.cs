namespace Envelope.Server.Data;

/// <summary>Brings the database to the current schema before the server takes requests.</summary>
internal sealed class DatabaseMigrator(IServiceScopeFactory scopes) : StartupTask
{
    public override async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await MigrateAsync(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>(), cancellationToken);
    }

    public static async Task MigrateAsync(EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        // EF Core takes a database-wide lock while migrating, so several nodes may start together.
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers proceed while one writer commits; the mode is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
