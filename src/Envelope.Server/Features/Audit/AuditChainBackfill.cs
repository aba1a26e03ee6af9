using Envelope.Server.Data;

namespace Envelope.Server.Features.Audit;

/// <summary>
/// Chains the events written before the chain existed (the AuditChain migration numbered them, in id order, but SQL
/// cannot hash them the same way on both engines): their hashes are computed once, at the first start after the
/// upgrade and before the server takes requests. Events already chained are left alone.
/// </summary>
internal sealed partial class AuditChainBackfill(IServiceScopeFactory scopes, ILogger<AuditChainBackfill> logger) : StartupTask
{
    private const int BatchSize = 500;

    public override async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var organizations = await db.AuditEvents.AsNoTracking().Where(e => e.Hash == "").Select(e => e.OrganizationId).Distinct().ToListAsync(cancellationToken);
        foreach (var organization in organizations)
        {
            var chained = await ChainAsync(db, organization, cancellationToken);
            LogChained(logger, chained, organization);
        }
    }

    private static async Task<int> ChainAsync(EnvelopeDbContext db, string organizationId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // The appender's lock: another node starting at the same time waits, then finds nothing left to chain.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"envelope audit chain " + organizationId}, 0))", cancellationToken);
        }

        var previous = AuditChain.Genesis;
        long after = 0;
        var chained = 0;
        while (true)
        {
            var page = await db.AuditEvents
                .Where(e => e.OrganizationId == organizationId && e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var e in page)
            {
                if (e.Hash.Length == 0)
                {
                    e.Hash = AuditChain.Hash(e, previous);
                    chained++;
                }

                previous = e.Hash;
                after = e.Sequence;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (page.Count < BatchSize)
            {
                break;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return chained;
    }

    [LoggerMessage(LogLevel.Information, "Chained {Count} audit event(s) written before the audit chain, in organization {OrganizationId}")]
    private static partial void LogChained(ILogger logger, int count, string organizationId);
}
