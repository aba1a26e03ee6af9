namespace Envelope.Client.Models;

/// <summary>
/// A version's link in its level's hash chain (docs/encryption.md, "Version chain"): its own hash, and the version and
/// hash it extends. Kept when a version is destroyed or purged, so the chain stays whole.
/// </summary>
public sealed class VersionChainLink
{
    /// <summary>The link's SHA-256, lowercase hex; <see langword="null"/> only for a version the server has not chained yet.</summary>
    public string? Hash { get; init; }

    /// <summary>The hash of the version this one extends; <see langword="null"/> for the level's first version.</summary>
    public string? PreviousHash { get; init; }

    /// <summary>The id of the version this one extends; <see langword="null"/> for the level's first version.</summary>
    public long? PreviousVersion { get; init; }

    /// <summary>The SHA-256 of the blob as it was written, lowercase hex.</summary>
    public string? ContentSha256 { get; init; }
}
