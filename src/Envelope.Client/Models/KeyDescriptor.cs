namespace Envelope.Client.Models;

/// <summary>
/// What a client needs for blobs of one key version: a server-managed descriptor carries the data key (to holders of
/// <c>key:retrieve</c>), a client-managed one only the proof parameters.
/// </summary>
public sealed class KeyDescriptor
{
    /// <summary>Who holds the key.</summary>
    public KeyManagement Managed { get; init; }

    /// <summary>The key version.</summary>
    public int Version { get; init; }

    /// <summary>Server-managed: the base64 32-byte data key, when the token may see it.</summary>
    public string? Key { get; init; }

    /// <summary>Client-managed: the base64 salt of the key proof.</summary>
    public string? KeyCheckSalt { get; init; }

    /// <summary>Client-managed: the PBKDF2 iterations of the key proof.</summary>
    public int? KeyCheckIterations { get; init; }

    /// <summary>Client-managed, keyed by a passphrase: how this version's key is stretched from it.</summary>
    public PassphraseKdfMetadata? Kdf { get; init; }
}
