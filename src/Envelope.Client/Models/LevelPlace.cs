using Envelope.Crypto;

namespace Envelope.Client.Models;

/// <summary>
/// The stable ids of a level, as the server reports them (<c>place</c>): with a key version, what a v2 blob stored there
/// is bound to (see <see cref="BlobPlace"/>).
/// </summary>
public sealed class LevelPlace
{
    /// <summary>The organization's ULID.</summary>
    public string OrganizationId { get; init; } = "";

    /// <summary>The project's ULID.</summary>
    public string ProjectId { get; init; } = "";

    /// <summary>The target's ULID; <see langword="null"/> at the project level.</summary>
    public string? TargetId { get; init; }

    /// <summary>The environment's ULID; <see langword="null"/> above the environment level.</summary>
    public string? EnvironmentId { get; init; }

    /// <summary>The blob place of this level under one key version.</summary>
    /// <param name="keyVersion">The key version the blob is (or will be) sealed under.</param>
    /// <returns>The place, for <see cref="SecretsBlob.TryOpen"/> and <see cref="SecretsBlob.Seal(ReadOnlySpan{byte}, string, BlobPlace)"/>.</returns>
    public BlobPlace WithKeyVersion(int keyVersion) => new(OrganizationId, ProjectId, TargetId, EnvironmentId, keyVersion);
}
