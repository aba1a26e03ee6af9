using Envelope.Crypto;

namespace Envelope.Client.Models;

/// <summary>
/// How a passphrase-keyed project's client key was stretched (Argon2id): stored with the key version on the server,
/// readable by its clients, never the key.
/// </summary>
public sealed class PassphraseKdfMetadata
{
    /// <summary>Always <c>argon2id</c>.</summary>
    public string Algorithm { get; init; } = PassphraseKdf.Argon2id;

    /// <summary>The Argon2 version, 19 (0x13).</summary>
    public int Version { get; init; } = PassphraseKdf.Argon2Version;

    /// <summary>Argon2 <c>m</c>, in KiB.</summary>
    public int MemoryKib { get; init; }

    /// <summary>Argon2 <c>t</c>, the passes.</summary>
    public int Iterations { get; init; }

    /// <summary>Argon2 <c>p</c>, the lanes.</summary>
    public int Parallelism { get; init; }

    /// <summary>The base64 salt.</summary>
    public string Salt { get; init; } = "";

    /// <summary>The metadata of <paramref name="kdf"/>, as sent to the server.</summary>
    /// <param name="kdf">The parameters.</param>
    /// <returns>The metadata.</returns>
    public static PassphraseKdfMetadata From(PassphraseKdf kdf)
    {
        ArgumentNullException.ThrowIfNull(kdf);
        return new PassphraseKdfMetadata
        {
            MemoryKib = kdf.MemoryKiB, Iterations = kdf.Iterations, Parallelism = kdf.Parallelism, Salt = Convert.ToBase64String(kdf.Salt),
        };
    }

    /// <summary>
    /// The parameters, after checking them: what a server hands back is refused when the algorithm is unknown or a
    /// parameter is out of bounds, so a server cannot make this client allocate absurd memory.
    /// </summary>
    /// <returns>The parameters.</returns>
    /// <exception cref="EnvelopeDecryptionException">The metadata is not usable.</exception>
    public PassphraseKdf ToKdf()
    {
        Span<byte> salt = stackalloc byte[PassphraseKdf.MaximumSaltSize + 3];
        int? saltLength = Convert.TryFromBase64String(Salt, salt, out var written) ? written : null;
        if (PassphraseKdf.Validate(Algorithm, Version, MemoryKib, Iterations, Parallelism, saltLength) is { } problem)
            throw new EnvelopeDecryptionException($"The project's passphrase KDF metadata is not usable ({problem.Field}: {problem.Message}).");
        return new PassphraseKdf(MemoryKib, Iterations, Parallelism, salt[..written]);
    }
}
