namespace Envelope.Server.Data.Entities;

/// <summary>A level's content as one write left it; a delete records what it removed.</summary>
internal sealed class SecretVersion
{
    public long Id { get; init; }
    public required string SecretId { get; init; }
    public required string ProjectId { get; init; }

    /// <summary>
    /// The version's place in its level's history: 1, 2, ... per level, never reused (a purged version keeps its
    /// number as the chain's tombstone). <see cref="Id"/> stays the global handle the routes take.
    /// </summary>
    public int Number { get; init; }

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

    // The version chain (docs/encryption.md, "Version chain"). Written once when the version is sealed and never
    // changed after: destroy and purge wipe the content but keep these, so the chain outlives them.

    /// <summary>SHA-256 of the link's canonical input; null only for a row written before the chain, until backfilled.</summary>
    public byte[]? Hash { get; set; }

    /// <summary>The previous version of the level, null for its first.</summary>
    public long? PreviousVersionId { get; set; }

    public byte[]? PreviousHash { get; set; }

    /// <summary>SHA-256 of the blob as written; null when the blob was gone before the chain existed.</summary>
    public byte[]? ContentSha256 { get; set; }

    /// <summary>The key version the blob was written under; <see cref="KeyVersion"/> moves on with re-encryption.</summary>
    public int WrittenKeyVersion { get; set; }

    /// <summary>Set by history re-encryption: SHA-256 binding the new blob and key version to <see cref="Hash"/>.</summary>
    public byte[]? ReEncryptionHash { get; set; }
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

    /// <summary>Deleted or purged: out of every query but the chain's, which still needs its link.</summary>
    Purged,
}
