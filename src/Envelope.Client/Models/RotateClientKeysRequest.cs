namespace Envelope.Client.Models;

/// <summary>
/// A client-managed key rotation: every current blob of the project re-encrypted under the new key, the new key's
/// proof parameters, and a proof of the key being retired.
/// </summary>
public sealed class RotateClientKeysRequest
{
    /// <summary>Exactly the project's current blobs, re-encrypted.</summary>
    public required IReadOnlyList<ReEncryptedSecret> Secrets { get; init; }

    /// <summary>The new key's base64 proof.</summary>
    public required string KeyCheck { get; init; }

    /// <summary>The base64 16-byte salt of the new proof.</summary>
    public required string KeyCheckSalt { get; init; }

    /// <summary>The PBKDF2 iterations of the new proof.</summary>
    public required int KeyCheckIterations { get; init; }

    /// <summary>The proof of the current (retiring) key under its own salt and iterations.</summary>
    public required string KeyProof { get; init; }

    /// <summary>When the new key is stretched from a passphrase: how; <see langword="null"/> for a generated key.</summary>
    public PassphraseKdfMetadata? Kdf { get; init; }
}
