namespace Envelope.Server.RateLimiting;

/// <summary>How many failures a key has had since it was last forgiven, and when the latest was.</summary>
internal readonly record struct FailureCount(int Failures, DateTimeOffset LastFailureAt)
{
    public static readonly FailureCount None = new(0, DateTimeOffset.MinValue);
}
