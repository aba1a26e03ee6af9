using System.Security.Cryptography;

namespace Envelope.Crypto;

/// <summary>
/// The one-way proof of a client-managed key:
/// <c>base64(PBKDF2-HMAC-SHA256(padKey(key), salt, iterations, 32))</c>. The server stores it as the
/// project's <c>key_check</c> and compares each write's <c>key_proof</c> with it, never seeing the key.
/// </summary>
public static class KeyProof
{
    /// <summary>The iteration count new projects use.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The lowest iteration count accepted; fewer would make the proof cheap to brute-force.</summary>
    public const int MinimumIterations = 100_000;

    /// <summary>The salt size in bytes.</summary>
    public const int SaltSize = 16;

    /// <summary>The proof size in bytes.</summary>
    public const int Size = 32;

    /// <summary>Generates a random <see cref="SaltSize"/>-byte salt.</summary>
    /// <returns>The salt.</returns>
    public static byte[] GenerateSalt() => RandomNumberGenerator.GetBytes(SaltSize);

    /// <summary>Derives the proof bytes of <paramref name="key"/>.</summary>
    /// <param name="key">The client key, padded with <see cref="ClientKey.Pad(string)"/> before derivation.</param>
    /// <param name="salt">The project's <c>key_check_salt</c>.</param>
    /// <param name="iterations">The project's <c>key_check_iterations</c>.</param>
    /// <returns>The <see cref="Size"/>-byte proof.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below <see cref="MinimumIterations"/>.</exception>
    public static byte[] Derive(string key, ReadOnlySpan<byte> salt, int iterations)
    {
        var proof = new byte[Size];
        Derive(key, salt, iterations, proof);
        return proof;
    }

    /// <summary>Computes the proof of <paramref name="key"/> as base64, the form sent as <c>key_proof</c> and <c>key_check</c>.</summary>
    /// <param name="key">The client key.</param>
    /// <param name="salt">The project's <c>key_check_salt</c>.</param>
    /// <param name="iterations">The project's <c>key_check_iterations</c>.</param>
    /// <returns>The base64 proof.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below <see cref="MinimumIterations"/>.</exception>
    public static string Compute(string key, ReadOnlySpan<byte> salt, int iterations)
    {
        Span<byte> proof = stackalloc byte[Size];
        Derive(key, salt, iterations, proof);
        return Convert.ToBase64String(proof);
    }

    /// <summary>
    /// Compares a presented base64 proof with the stored key check in constant time. Never throws:
    /// a null, non-base64 or wrong-length proof simply does not match.
    /// </summary>
    /// <param name="presentedProofBase64">The <c>key_proof</c> a client sent.</param>
    /// <param name="expectedKeyCheck">The decoded <c>key_check</c> stored for the project.</param>
    /// <returns><see langword="true"/> when the proofs are equal.</returns>
    public static bool Matches(string? presentedProofBase64, ReadOnlySpan<byte> expectedKeyCheck)
    {
        if (presentedProofBase64 is null || expectedKeyCheck.IsEmpty)
            return false;
        Span<byte> presented = stackalloc byte[Size];
        return Convert.TryFromBase64String(presentedProofBase64, presented, out int written)
            && CryptographicOperations.FixedTimeEquals(presented[..written], expectedKeyCheck);
    }

    private static void Derive(string key, ReadOnlySpan<byte> salt, int iterations, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        Span<byte> padded = stackalloc byte[SecretsBlob.KeySize];
        ClientKey.Pad(key, padded);
        Rfc2898DeriveBytes.Pbkdf2(padded, salt, destination, iterations, HashAlgorithmName.SHA256);
        CryptographicOperations.ZeroMemory(padded);
    }
}
