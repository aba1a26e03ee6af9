namespace Envelope.Server.RateLimiting;

/// <summary>The limits of the specification: all per minute.</summary>
internal static class RateLimitPolicies
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Per organization unless its plan allows more; per client address for requests without a valid token.</summary>
    public const int DefaultPerMinute = 100;

    /// <summary>Per client address, for the OAuth token endpoint and, apart, for the revocation endpoint.</summary>
    public const int TokenEndpointPerMinute = 10;
    public const int TelemetryPerMinute = 60;

    public const string TokenEndpointPath = "/api/oauth/token";
    public const string RevocationEndpointPath = "/api/oauth/revoke";
    public const string TelemetryPath = "/api/v1/telemetry";
}
