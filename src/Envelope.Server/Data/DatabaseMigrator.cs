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
        if (db.Database.IsNpgsql())
        {
            await MigrateHoldingAdvisoryLockAsync(db, cancellationToken);
        }
        else
        {
            // SQLite: EF Core's migration lock is a table that lives until the whole run ends.
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers proceed while one writer commits; the mode is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// Npgsql's migration lock lasts one migration's transaction, so a node starting beside another can apply the next
    /// migration a second time ("relation already exists"). One session-level advisory lock around the whole run makes
    /// nodes take turns; the later one then finds nothing pending.
    /// </summary>
    private static async Task MigrateHoldingAdvisoryLockAsync(EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        const long MigrationLockKey = 0x456E76656C6F7065; // "Envelope"
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
