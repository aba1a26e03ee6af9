using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// The in-memory cache of hierarchical reads (docs/performance.md). Entries are checked for freshness on every request,
/// so these bound only how long and how much response data, plaintext included, stays in the process's memory.
/// </summary>
internal sealed class SecretReadCacheOptions
{
    /// <summary>How long an unchanged read's response is kept at most; 0 turns the cache off.</summary>
    [ConfigurationKeyName("ENVELOPE_SECRET_CACHE_SECONDS")]
    [Range(0, 3600)]
    public int Seconds { get; set; } = 60;

    /// <summary>The most response bytes kept; the least recently used go first beyond it.</summary>
    [ConfigurationKeyName("ENVELOPE_SECRET_CACHE_MEGABYTES")]
    [Range(1, 4096)]
    public int Megabytes { get; set; } = 32;
}
