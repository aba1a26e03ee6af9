namespace Envelope.Server.RateLimiting;

/// <summary>Fixed windows aligned to the epoch, so that every node and both stores agree on where a window starts.</summary>
internal static class RateLimitWindow
{
    public static DateTimeOffset Start(DateTimeOffset now, TimeSpan window) =>
        new(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);

    public static TimeSpan Remaining(DateTimeOffset now, TimeSpan window) => Start(now, window) + window - now;
}
