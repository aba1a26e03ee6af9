namespace Envelope.Server.RateLimiting;

/// <summary>Where in the pipeline a <see cref="RateLimitMiddleware"/> runs, and so which requests it counts.</summary>
internal enum RateLimitStage
{
    /// <summary>Before authentication: the endpoints budgeted per client address whatever the caller.</summary>
    Endpoint,

    /// <summary>After authentication: everything else, per organization or per client address.</summary>
    Caller,
}
