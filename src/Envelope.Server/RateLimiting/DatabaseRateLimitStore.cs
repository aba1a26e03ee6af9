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

    /// <summary>Deletes counters of windows that ended before <paramref name="before"/>; returns how many.</summary>
    public static Task<int> PruneAsync(EnvelopeDbContext db, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var cutoff = before.ToUnixTimeSeconds();
        return db.RateLimitCounters.Where(c => c.WindowStart < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Could not count a request against its rate limit; it is let through")]
    private static partial void LogCounterFailed(ILogger logger, Exception exception);
}
