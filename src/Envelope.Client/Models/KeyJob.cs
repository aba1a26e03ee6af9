namespace Envelope.Client.Models;

/// <summary>A server job re-encrypting a project's history under a new key.</summary>
public sealed class KeyJob
{
    /// <summary>The job's id.</summary>
    public string Id { get; init; } = "";

    /// <summary><c>queued</c>, <c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>The key version the job moves history onto.</summary>
    public int TargetKeyVersion { get; init; }

    /// <summary>Versions processed so far.</summary>
    public int Processed { get; init; }

    /// <summary>Versions to process in all.</summary>
    public int Total { get; init; }

    /// <summary>How many times the job was started.</summary>
    public int Attempts { get; init; }

    /// <summary>When the job was queued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the job last progressed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the job completed, if it did.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>What stopped a failed job (the version that does not decrypt under its recorded key).</summary>
    public string? Error { get; init; }
}
