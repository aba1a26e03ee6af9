namespace Envelope.Server.Data.Entities;

/// <summary>A level's content as one write left it; a delete records what it removed.</summary>
internal sealed class SecretVersion
{
    public long Id { get; init; }
    public required string SecretId { get; init; }
    public required string ProjectId { get; init; }

    /// <summary>The blob, or null once destroyed.</summary>
    public string? Content { get; set; }

    public int KeyVersion { get; set; }
    public int Bytes { get; init; }
    public VersionReason Reason { get; init; }
    public VersionStatus Status { get; set; }
    public long? RestoredFromId { get; init; }
    public string? CreatedByTokenId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastAccessedAt { get; set; }
    public DateTimeOffset? DestroyedAt { get; set; }
}

internal enum VersionReason
{
    Store,
    Restore,
    Delete,
}

internal enum VersionStatus
{
    Active,
    Destroyed,
}
