using System.Runtime.CompilerServices;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Envelope.Server.Features.Audit;

/// <summary>
/// Appends the audit events a unit of work adds to their organizations' chains: under a per-organization lock inside
/// the writing transaction (PostgreSQL: a transaction-scoped advisory lock; SQLite: the database's write lock, which
/// every write transaction takes at BEGIN), it numbers them after the chain's head and hashes them. Then, after the
/// database work and before the commit, it writes them to the sink, so a required sink that fails rolls back the change.
/// A unit of work without a transaction of its own gets one here, committed once the sink has the lines.
/// </summary>
internal sealed class AuditChainInterceptor(AuditSink sink) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Appending> _appending = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is EnvelopeDbContext db)
        {
            await AppendAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is EnvelopeDbContext db)
        {
            AppendAsync(db, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await CompleteAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        CompleteAsync(eventData.Context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        await AbandonAsync(eventData.Context);

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => AbandonAsync(eventData.Context).AsTask().GetAwaiter().GetResult();

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        await AbandonAsync(eventData.Context);

    private async ValueTask AppendAsync(EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<AuditEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            return;
        }

        // A unit of work may be retried after a failure: its events keep their place in the list, not their numbers.
        _appending.Remove(db);
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            // In a fixed order, so two units of work appending to the same two organizations cannot deadlock.
            foreach (var organization in added.Select(e => e.OrganizationId).Distinct().Order(StringComparer.Ordinal))
            {
                await LockChainAsync(db, organization, cancellationToken);
                var head = await db.AuditEvents.AsNoTracking()
                    .Where(e => e.OrganizationId == organization)
                    .OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash })
                    .FirstOrDefaultAsync(cancellationToken);
                var (sequence, previous) = head is null ? (0L, AuditChain.Genesis) : (head.Sequence, head.Hash);
                foreach (var e in added.Where(e => e.OrganizationId == organization))
                {
                    e.CreatedAt = AuditChain.Truncate(e.CreatedAt);
                    e.Sequence = ++sequence;
                    e.Hash = AuditChain.Hash(e, previous);
                    previous = e.Hash;
                }
            }
        }
        catch
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }

            throw;
        }

        _appending.AddOrUpdate(db, new Appending(added, owned));
    }

    private static async Task LockChainAsync(EnvelopeDbContext db, string organizationId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Held until the transaction ends; organizations whose keys collide merely wait for each other.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"envelope audit chain " + organizationId}, 0))", cancellationToken);
        }
    }

    private async ValueTask CompleteAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is null || !_appending.TryGetValue(context, out var appending))
        {
            return;
        }

        _appending.Remove(context);
        try
        {
            sink.Write(appending.Events);
            if (appending.Transaction is not null)
            {
                await appending.Transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (appending.Transaction is not null)
            {
                await appending.Transaction.DisposeAsync();
            }
        }
    }

    private async ValueTask AbandonAsync(DbContext? context)
    {
        if (context is not null && _appending.TryGetValue(context, out var appending))
        {
            _appending.Remove(context);
            if (appending.Transaction is not null)
            {
                await appending.Transaction.DisposeAsync();
            }
        }
    }

    private sealed record Appending(List<AuditEvent> Events, IDbContextTransaction? Transaction);
}
