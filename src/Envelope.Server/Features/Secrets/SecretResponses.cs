using Envelope.Server.Keys;

namespace Envelope.Server.Features.Secrets;

/// <summary>One level's encrypted blob, with the id clients need to rotate client keys.</summary>
internal sealed record EncryptedLevel(string Id, string Content, int KeyVersion, DateTimeOffset UpdatedAt);

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
