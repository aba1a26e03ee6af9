namespace Envelope.Server.RateLimiting;

/// <summary>
/// Counts requests per partition in fixed windows aligned to the clock (every node agrees where a minute starts).
/// One implementation per deployment: in process for a single node, in the database when several share one budget.
/// </summary>
internal interface IRateLimitStore
{
    /// <summary>Takes one request from <paramref name="partitionKey"/>'s budget of <paramref name="limit"/> per <paramref name="window"/>.</summary>
    ValueTask<RateLimitDecision> AcquireAsync(string partitionKey, int limit, TimeSpan window, CancellationToken cancellationToken);
}
