using Envelope.Server.Data.Entities;

namespace Envelope.Server.Keys;

/// <summary>
/// What a client needs to decrypt blobs of one key version, discriminated by <c>managed</c>: a server-managed
/// descriptor carries the data key (only to holders of key:retrieve), a client-managed one only the proof
/// parameters and, for a passphrase, its KDF metadata, never a key.
/// </summary>
internal sealed record KeyDescriptor(
    string Managed,
    int Version,
    string? Key = null,
    string? KeyCheckSalt = null,
    int? KeyCheckIterations = null,
    PassphraseKdfResponse? Kdf = null)
{
    public static KeyDescriptor Server(int version, string? base64Key) => new("server", version, base64Key);

    public static KeyDescriptor Client(ProjectKey key) =>
        new("client", key.Version, KeyCheckSalt: key.KeyCheckSalt is null ? null : Convert.ToBase64String(key.KeyCheckSalt), KeyCheckIterations: key.KeyCheckIterations, Kdf: PassphraseKdfResponse.From(key));
}
