using Envelope.Server.Keys;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// One level's encrypted blob, with the id clients need to rotate client keys, and the current version's number and
/// chain hash (null after a write that kept no version) that a client remembers to notice a rollback.
/// </summary>
internal sealed record EncryptedLevel(string Id, string Content, int KeyVersion, DateTimeOffset UpdatedAt, long? Version, string? VersionHash);

internal sealed record SecretsAttributes(
    bool Encrypted,
    string Format,
    IReadOnlyDictionary<string, object>? Levels,
    IReadOnlyDictionary<string, string>? Secrets = null,
    IReadOnlyList<KeyDescriptor>? Keys = null);

internal sealed record SecretsReadResponse(SecretsAttributes Attributes)
{
    public string Type => "secrets";
}

internal sealed record StoreSecretsResponse(string Level, string Source, int Bytes, string SecretId, long? Version)
{
    public string Type => "secrets";
}
