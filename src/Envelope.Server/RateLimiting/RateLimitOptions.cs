using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.RateLimiting;

internal sealed class RateLimitOptions
{
    /// <summary>False turns every limit off (and the <c>X-RateLimit-*</c> headers with them).</summary>
    [ConfigurationKeyName("ENVELOPE_RATE_LIMITS_ENABLED")]
    public bool Enabled { get; set; } = true;

    /// <summary><c>memory</c> or <c>database</c>; unset, the database on PostgreSQL (many nodes) and memory on SQLite (one node).</summary>
    [ConfigurationKeyName("ENVELOPE_RATE_LIMIT_STORE")]
    public RateLimitStoreKind? Store { get; set; }

    /// <summary>How long an organization's plan allowance is remembered; a plan change takes effect within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PlanCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the database store deletes counters of windows long past.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);
}

internal enum RateLimitStoreKind
{
    Memory,
    Database,
}
