namespace Envelope.Server.RateLimiting;

/// <summary>
/// Counts requests per partition in fixed windows aligned to the clock (every node agrees where a minute starts), and
/// failures per key (failed sign-ins) until they are cleared or forgotten. One implementation per deployment: in
/// process for a single node, in the database when several share one budget.
/// </summary>
internal interface IRateLimitStore
{
    /// <summary>Takes one request from <paramref name="partitionKey"/>'s budget of <paramref name="limit"/> per <paramref name="window"/>.</summary>
    ValueTask<RateLimitDecision> AcquireAsync(string partitionKey, int limit, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one failure against <paramref name="key"/> and returns its count; a key whose last failure is older than
    /// <paramref name="forgetAfter"/> starts again from one.
    /// </summary>
    ValueTask<FailureCount> AddFailureAsync(string key, TimeSpan forgetAfter, CancellationToken cancellationToken);

    /// <summary>The failures of each key (<see cref="FailureCount.None"/> for a key without), forgotten ones as none.</summary>
    ValueTask<IReadOnlyList<FailureCount>> FailuresAsync(IReadOnlyList<string> keys, TimeSpan forgetAfter, CancellationToken cancellationToken);

    /// <summary>Forgets <paramref name="key"/>'s failures (a successful sign-in).</summary>
    ValueTask ClearFailuresAsync(string key, CancellationToken cancellationToken);
}
