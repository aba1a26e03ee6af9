namespace Envelope.Client.Models;

/// <summary>One level's encrypted <c>.env</c> blob, as the server stores it.</summary>
public sealed class EncryptedLevel
{
    /// <summary>The secret row's ULID; client-key rotation names every current blob by it.</summary>
    public string Id { get; init; } = "";

    /// <summary>The blob: <c>base64(IV || ciphertext || tag)</c>, AES-256-GCM; <c>v2:</c> before it when bound to its <see cref="Place"/>.</summary>
    public string Content { get; init; } = "";

    /// <summary>The key version the blob is encrypted under.</summary>
    public int KeyVersion { get; init; }

    /// <summary>When the level was last written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The id of the version holding this content; <see langword="null"/> from a server without version chains.</summary>
    public long? Version { get; init; }

    /// <summary>That version's hash in the level's chain, lowercase hex.</summary>
    public string? VersionHash { get; init; }

    /// <summary>The level's ids: with <see cref="KeyVersion"/>, the place a v2 blob must be bound to (null from an older server).</summary>
    public LevelPlace? Place { get; init; }
}
