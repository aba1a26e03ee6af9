using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Features.Audit;

internal sealed class AuditOptions : IValidatableObject
{
    /// <summary>
    /// A file the server appends every audit event to as one JSON line (Vault's file audit device), or "-" for
    /// standard output; unset writes the database table only.
    /// </summary>
    [ConfigurationKeyName("ENVELOPE_AUDIT_SINK_PATH")]
    public string? SinkPath { get; set; }

    /// <summary>True refuses every request that would audit while the sink cannot be written (503 audit_unavailable).</summary>
    [ConfigurationKeyName("ENVELOPE_AUDIT_SINK_REQUIRED")]
    public bool SinkRequired { get; set; }

    /// <summary>How often each organization's new events get a signed checkpoint.</summary>
    [ConfigurationKeyName("ENVELOPE_AUDIT_CHECKPOINT_INTERVAL")]
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>False keeps this node from writing checkpoints (another node does).</summary>
    [ConfigurationKeyName("ENVELOPE_AUDIT_CHECKPOINTS_ENABLED")]
    public bool CheckpointsEnabled { get; set; } = true;

    public bool WritesToStandardOutput => SinkPath == "-";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SinkRequired && string.IsNullOrWhiteSpace(SinkPath))
        {
            yield return new ValidationResult("ENVELOPE_AUDIT_SINK_REQUIRED is true but ENVELOPE_AUDIT_SINK_PATH names no sink.");
        }

        if (string.IsNullOrWhiteSpace(SinkPath) || WritesToStandardOutput)
        {
            yield break;
        }

        var full = Path.GetFullPath(SinkPath);
        if (Directory.Exists(full))
        {
            yield return new ValidationResult($"ENVELOPE_AUDIT_SINK_PATH {SinkPath} is a directory; name a file in it.");
        }
        else if (Path.GetDirectoryName(full) is { } directory && !Directory.Exists(directory))
        {
            yield return new ValidationResult($"ENVELOPE_AUDIT_SINK_PATH {SinkPath}: the directory {directory} does not exist.");
        }
    }
}
