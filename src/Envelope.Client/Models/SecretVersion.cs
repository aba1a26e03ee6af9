namespace Envelope.Client.Models;

/// <summary>A version of a level's content.</summary>
public sealed class SecretVersion
{
    /// <summary>The version's id; ids grow in commit order.</summary>
    public long Id { get; init; }

    /// <summary>The level's secret id.</summary>
    public string SecretId { get; init; } = "";

    /// <summary><c>project</c>, <c>target</c> or <c>environment</c>.</summary>
    public string Level { get; init; } = "";

    /// <summary>What recorded it: <c>store</c>, <c>restore</c> or <c>delete</c>.</summary>
    public string Reason { get; init; } = "";

    /// <summary><c>active</c> or <c>destroyed</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary><c>current</c> on the version holding the level's current content, otherwise <see langword="null"/>.</summary>
    public string? Stage { get; init; }

    /// <summary>The key version the content is encrypted under.</summary>
    public int KeyVersion { get; init; }

    /// <summary>The plaintext size in bytes.</summary>
    public int Bytes { get; init; }

    /// <summary>Whether the version is older than the plan's history window.</summary>
    public bool Locked { get; init; }

    /// <summary>The version a restore copied, if any.</summary>
    public long? RestoredFrom { get; init; }

    /// <summary>When the version was recorded.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a read last returned the version's content.</summary>
    public DateTimeOffset? LastAccessedAt { get; init; }

    /// <summary>When the content was destroyed, if it was.</summary>
    public DateTimeOffset? DestroyedAt { get; init; }

    /// <summary>The version's hash in its level's chain (the same as <see cref="VersionChainLink.Hash"/> of <see cref="Chain"/>).</summary>
    public string? Hash { get; init; }

    /// <summary>The version's link in its level's hash chain.</summary>
    public VersionChainLink? Chain { get; init; }

    /// <summary>The encrypted content; only when fetching one version.</summary>
    public string? Content { get; init; }

    /// <summary>The descriptor of the content's key version; only when fetching one version.</summary>
    public KeyDescriptor? Key { get; init; }

    /// <summary>The level's ids, which a v2 <see cref="Content"/> is bound to with <see cref="KeyVersion"/>; only when fetching one version.</summary>
    public LevelPlace? Place { get; init; }
}
