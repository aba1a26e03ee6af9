using System.Data.Common;
using Envelope.Server.Data;

namespace Envelope.Server.RateLimiting;

/// <summary>
/// Budgets in the database, shared by every node: one row per partition and window, counted up by a single upsert
/// (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, atomic on PostgreSQL and on SQLite ≥ 3.35), so concurrent
/// requests on any number of nodes each see a distinct count.
/// </summary>
internal sealed partial class DatabaseRateLimitStore(EnvelopeDbContext db, TimeProvider time, ILogger<DatabaseRateLimitStore> logger) : IRateLimitStore
{
    public async ValueTask<RateLimitDecision> AcquireAsync(string partitionKey, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowStart = RateLimitWindow.Start(now, window).ToUnixTimeSeconds();
        int count;
        try
        {
            // Not composable (an INSERT), so read it whole: Single() would wrap it in a SELECT.
            var counts = await db.Database.SqlQuery<int>($"""
                INSERT INTO rate_limit_counters ("PartitionKey", "WindowStart", "Count") VALUES ({partitionKey}, {windowStart}, 1)
                ON CONFLICT ("PartitionKey", "WindowStart") DO UPDATE SET "Count" = rate_limit_counters."Count" + 1
                RETURNING "Count" AS "Value"
                """).ToListAsync(cancellationToken);
            count = counts[0];
        }
        catch (DbException e)
        {
            // The limiter protects the service; it must not be the reason a request fails. The request itself will
            // meet the same database and fail there if it is really down.
            LogCounterFailed(logger, e);
            return new RateLimitDecision(true, limit, limit, RateLimitWindow.Remaining(now, window));
        }

        return new RateLimitDecision(count <= limit, limit, Math.Max(0, limit - count), RateLimitWindow.Remaining(now, window));
    }

    public async ValueTask<FailureCount> AddFailureAsync(string key, TimeSpan forgetAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var forgetBefore = nowMs - (long)forgetAfter.TotalMilliseconds;
        // One upsert, like the counters: concurrent failures on any node each count.
        var counts = await db.Database.SqlQuery<int>($"""
            INSERT INTO sign_in_failures ("Key", "Failures", "LastFailureAt") VALUES ({key}, 1, {nowMs})
            ON CONFLICT ("Key") DO UPDATE SET
                "Failures" = CASE WHEN sign_in_failures."LastFailureAt" < {forgetBefore} THEN 1 ELSE sign_in_failures."Failures" + 1 END,
                "LastFailureAt" = {nowMs}
            RETURNING "Failures" AS "Value"
            """).ToListAsync(cancellationToken);
        return new FailureCount(counts[0], now);
    }

    public async ValueTask<IReadOnlyList<FailureCount>> FailuresAsync(IReadOnlyList<string> keys, TimeSpan forgetAfter, CancellationToken cancellationToken)
    {
        var forgetBefore = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)forgetAfter.TotalMilliseconds;
        var rows = await db.SignInFailures.AsNoTracking().Where(f => keys.Contains(f.Key) && f.LastFailureAt >= forgetBefore)
            .ToDictionaryAsync(f => f.Key, cancellationToken);
        return [.. keys.Select(k => rows.TryGetValue(k, out var row)
            ? new FailureCount(row.Failures, DateTimeOffset.FromUnixTimeMilliseconds(row.LastFailureAt))
            : FailureCount.None)];
    }

    public async ValueTask ClearFailuresAsync(string key, CancellationToken cancellationToken) =>
        await db.SignInFailures.Where(f => f.Key == key).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Deletes failures last counted before <paramref name="before"/>; returns how many.</summary>
    public static Task<int> PruneFailuresAsync(EnvelopeDbContext db, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var cutoff = before.ToUnixTimeMilliseconds();
        return db.SignInFailures.Where(f => f.LastFailureAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Deletes counters of windows that ended before <paramref name="before"/>; returns how many.</summary>
    public static Task<int> PruneAsync(EnvelopeDbContext db, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var cutoff = before.ToUnixTimeSeconds();
        return db.RateLimitCounters.Where(c => c.WindowStart < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Could not count a request against its rate limit; it is let through")]
    private static partial void LogCounterFailed(ILogger logger, Exception exception);
}
