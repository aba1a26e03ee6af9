namespace Envelope.Server.Data.Entities;

/// <summary>
/// A durable re-encryption of a project's history onto its current key. Any node may run it, one at a time: a node
/// claims it with a lease it renews after each batch; a lease left to expire (a node died) lets another node resume.
/// Each batch only touches versions still under an older key, so a resumed or repeated batch does no harm.
/// </summary>
internal sealed class KeyJob
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public int TargetKeyVersion { get; set; }
    public KeyJobStatus Status { get; set; }
    public int Total { get; set; }
    public int Processed { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

internal enum KeyJobStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}
