using Envelope.Server.Keys;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// One level's encrypted blob, with the id clients need to rotate client keys, the current version's number and
/// chain hash (null after a write that kept no version) that a client remembers to notice a rollback, and the place
/// (with <see cref="KeyVersion"/>) a v2 blob is bound to.
/// </summary>
internal sealed record EncryptedLevel(
    string Id, string Content, int KeyVersion, DateTimeOffset UpdatedAt, long? Version, string? VersionHash, LevelPlace Place);

/// <summary>The stable ids of a level, as a v2 blob's associated data names them (see docs/encryption.md).</summary>
internal sealed record LevelPlace(string OrganizationId, string ProjectId, string? TargetId, string? EnvironmentId)
{
    public static LevelPlace Of(Envelope.Crypto.BlobPlace place) => new(place.OrganizationId, place.ProjectId, place.TargetId, place.EnvironmentId);
}

/// <summary>
/// A read's attributes. <see cref="Place"/> (ciphertext reads) is the place of the level asked for, whether or not it holds
/// a blob yet: what a client-managed client binds the v2 blob it stores there to. <see cref="Ignored"/> names the request's
/// options (decrypt, merge, raw, filters) that a ciphertext answer could not apply; absent when all applied.
/// </summary>
internal sealed record SecretsAttributes(
    bool Encrypted,
    string Format,
    IReadOnlyDictionary<string, object>? Levels,
    IReadOnlyDictionary<string, string>? Secrets = null,
    IReadOnlyList<KeyDescriptor>? Keys = null,
    LevelPlace? Place = null,
    IReadOnlyList<string>? Ignored = null);

internal sealed record SecretsReadResponse(SecretsAttributes Attributes)
{
    public string Type => "secrets";
}

internal sealed record StoreSecretsResponse(string Level, string Source, int Bytes, string SecretId, long? Version)
{
    public string Type => "secrets";
}
