namespace Envelope.Server.RateLimiting;

/// <summary>The outcome of one request against its partition's budget; <see cref="RetryAfter"/> is when the window ends.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, TimeSpan RetryAfter)
{
    /// <summary>Whole seconds until the budget is restored, at least 1, as <c>Retry-After</c> wants them.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
