using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Features.EncryptionKeys.Jobs;

internal sealed class KeyJobOptions
{
    /// <summary>False keeps this node from running jobs (it still queues them).</summary>
    [ConfigurationKeyName("ENVELOPE_JOBS_ENABLED")]
    public bool Enabled { get; set; } = true;

    [ConfigurationKeyName("ENVELOPE_JOBS_BATCH_SIZE")]
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claimed job stays this node's without a renewal; a dead node's job waits this long.</summary>
    [ConfigurationKeyName("ENVELOPE_JOBS_LEASE")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle node looks for jobs queued by other nodes.</summary>
    [ConfigurationKeyName("ENVELOPE_JOBS_POLL_INTERVAL")]
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>This process's name on the leases it holds (shown on the job while it runs).</summary>
    [ConfigurationKeyName("ENVELOPE_NODE_ID")]
    [Required]
    [StringLength(64)]
    public string NodeId { get; set; } = $"{Environment.ProcessId}-{Guid.NewGuid():N}-{Environment.MachineName}" is var id && id.Length > 64 ? id[..64] : id;
}
