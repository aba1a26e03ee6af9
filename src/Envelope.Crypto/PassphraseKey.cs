using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Envelope.Crypto;

/// <summary>
/// A client key stretched from a passphrase: <c>base64(Argon2id(NFC(passphrase) as UTF-8, salt, m, t, p, 32 bytes))</c>.
/// The result is a generated-key string (44 characters of base64 of 32 bytes), so <see cref="ClientKey.Pad(string)"/>,
/// <see cref="KeyProof"/> and <see cref="SecretsBlob"/> take it unchanged and the server sees nothing new.
/// </summary>
public static class PassphraseKey
{
    /// <summary>Derives the client key of <paramref name="passphrase"/>.</summary>
    /// <param name="passphrase">The passphrase; normalized to Unicode NFC first, so the same words typed anywhere agree.</param>
    /// <param name="kdf">The project's stored parameters.</param>
    /// <returns>The client key, base64 of 32 bytes.</returns>
    /// <exception cref="ArgumentException">The passphrase is empty or the parameters are out of bounds.</exception>
    public static string Derive(string passphrase, PassphraseKdf kdf)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentNullException.ThrowIfNull(kdf);
        kdf.EnsureValid();
        var password = Encoding.UTF8.GetBytes(passphrase.Normalize(NormalizationForm.FormC));
        var key = Argon2idHash(password, kdf.Salt, kdf.MemoryKiB, kdf.Iterations, kdf.Parallelism, SecretsBlob.KeySize);
        try
        {
            return Convert.ToBase64String(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Argon2id version 0x13 with its optional secret and associated data, which Envelope leaves empty (they exist here
    /// so RFC 9106's test vector can be checked).
    /// </summary>
    internal static byte[] Argon2idHash(byte[] password, ReadOnlySpan<byte> salt, int memoryKiB, int iterations, int parallelism, int length,
        byte[]? secret = null, byte[]? associatedData = null)
    {
        using var argon = new Argon2id(password)
        {
            Salt = salt.ToArray(),
            MemorySize = memoryKiB,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
            KnownSecret = secret,
            AssociatedData = associatedData,
        };
        return argon.GetBytes(length);
    }
}
