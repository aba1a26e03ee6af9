using System.Security.Cryptography;
using System.Text;

namespace Envelope.Crypto;

/// <summary>
/// Client-managed keys: what a user holds and the 32 AES key bytes derived from it (<c>padKey</c>).
/// </summary>
public static class ClientKey
{
    // Any 33 UTF-16 chars encode to at least 32 UTF-8 bytes, and the 33rd keeps a surrogate pair that
    // straddles the cut whole, so encoding that prefix yields the same first 32 bytes as the whole key.
    private const int MaxPrefixChars = SecretsBlob.KeySize + 1;

    /// <summary>Generates a new client key: 32 random bytes, base64-encoded.</summary>
    /// <returns>The key, 44 characters of base64.</returns>
    public static string Generate()
    {
        Span<byte> key = stackalloc byte[SecretsBlob.KeySize];
        RandomNumberGenerator.Fill(key);
        string encoded = Convert.ToBase64String(key);
        CryptographicOperations.ZeroMemory(key);
        return encoded;
    }

    /// <summary>
    /// <c>padKey</c>: the base64 decoding of <paramref name="key"/> when that yields exactly 32 bytes,
    /// otherwise its UTF-8 bytes truncated or NUL-padded to 32.
    /// </summary>
    /// <param name="key">The client key or passphrase.</param>
    /// <returns>A new 32-byte array; clear it when done.</returns>
    public static byte[] Pad(string key)
    {
        var padded = new byte[SecretsBlob.KeySize];
        Pad(key, padded);
        return padded;
    }

    /// <summary>Writes <c>padKey(<paramref name="key"/>)</c> into <paramref name="destination"/>, so the key bytes can stay off the heap.</summary>
    /// <param name="key">The client key or passphrase.</param>
    /// <param name="destination">A buffer of exactly 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not 32 bytes.</exception>
    /// <remarks>The base64 step uses <see cref="Convert.TryFromBase64String"/>, which skips whitespace.</remarks>
    public static void Pad(string key, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (destination.Length != SecretsBlob.KeySize)
            throw new ArgumentException($"The destination must be {SecretsBlob.KeySize} bytes.", nameof(destination));

        if (Convert.TryFromBase64String(key, destination, out int written) && written == SecretsBlob.KeySize)
            return;

        destination.Clear();
        ReadOnlySpan<char> prefix = key.AsSpan(0, Math.Min(key.Length, MaxPrefixChars));
        Span<byte> utf8 = stackalloc byte[MaxPrefixChars * 3];
        int length = Encoding.UTF8.GetBytes(prefix, utf8);
        utf8[..Math.Min(length, SecretsBlob.KeySize)].CopyTo(destination);
        CryptographicOperations.ZeroMemory(utf8);
    }
}
