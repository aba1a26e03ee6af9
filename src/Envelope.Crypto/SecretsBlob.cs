using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Envelope.Crypto.Internal;

namespace Envelope.Crypto;

/// <summary>
/// The encrypted form of one level's <c>.env</c> text: <c>base64(IV(12) || ciphertext || tag(16))</c>,
/// AES-256-GCM over the UTF-8 plaintext, with no associated data.
/// </summary>
/// <remarks>
/// Blobs are canonical base64 (standard alphabet, padded, no whitespace). Wrong-length keys and IVs are
/// caller bugs and raise <see cref="ArgumentException"/> from every method, including <see cref="TryDecrypt"/>.
/// </remarks>
public static class SecretsBlob
{
    /// <summary>The AES-256 key size in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>The GCM nonce (IV) size in bytes.</summary>
    public const int IvSize = 12;

    /// <summary>The GCM authentication tag size in bytes.</summary>
    public const int TagSize = 16;

    /// <summary>The decoded size of the smallest blob, the encryption of empty text: <see cref="IvSize"/> + <see cref="TagSize"/>.</summary>
    public const int MinimumDecodedLength = IvSize + TagSize;

    /// <summary>Encrypts <paramref name="plaintext"/> under a fresh random IV.</summary>
    /// <param name="key">The 32-byte key (a server data key, or <see cref="ClientKey.Pad(string)"/> of a client key).</param>
    /// <param name="plaintext">The text to encrypt, encoded as UTF-8.</param>
    /// <returns>The blob.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="KeySize"/> bytes.</exception>
    public static string Encrypt(ReadOnlySpan<byte> key, string plaintext)
    {
        Span<byte> iv = stackalloc byte[IvSize];
        RandomNumberGenerator.Fill(iv);
        return Encrypt(key, plaintext, iv);
    }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> under the given IV. Reusing an IV with the same key breaks GCM:
    /// this overload exists for test vectors; use <see cref="Encrypt(ReadOnlySpan{byte}, string)"/> otherwise.
    /// </summary>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="plaintext">The text to encrypt, encoded as UTF-8.</param>
    /// <param name="iv">The 12-byte IV.</param>
    /// <returns>The blob.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> or <paramref name="iv"/> has the wrong length.</exception>
    public static string Encrypt(ReadOnlySpan<byte> key, string plaintext, ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        CheckKey(key);
        if (iv.Length != IvSize)
            throw new ArgumentException($"The IV must be {IvSize} bytes.", nameof(iv));

        int textLength = Encoding.UTF8.GetByteCount(plaintext);
        using var buffer = new SensitiveBuffer(MinimumDecodedLength + textLength);
        Span<byte> blob = buffer.Span;
        iv.CopyTo(blob);
        Span<byte> body = blob.Slice(IvSize, textLength);
        Encoding.UTF8.GetBytes(plaintext, body);
        using (var aes = new AesGcm(key, TagSize))
        {
            // In place: the plaintext bytes become the ciphertext, so no second buffer holds them.
            aes.Encrypt(blob[..IvSize], body, body, blob[(IvSize + textLength)..]);
        }

        return Convert.ToBase64String(blob);
    }

    /// <summary>Decrypts a blob.</summary>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="blob">The blob.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="KeySize"/> bytes.</exception>
    /// <exception cref="BlobFormatException">The blob is not well formed, or its plaintext is not UTF-8.</exception>
    /// <exception cref="CryptographicException">The key is wrong or the blob was altered (authentication failed).</exception>
    public static string Decrypt(ReadOnlySpan<byte> key, string blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        CheckKey(key);
        int length = DecodedLength(blob);

        using var buffer = new SensitiveBuffer(blob.Length + length);
        Span<byte> bytes = buffer.Span[blob.Length..];
        if (!StrictBase64.TryDecode(blob, buffer.Span[..blob.Length], bytes))
            throw new BlobFormatException("The secrets blob is not canonical base64.");

        Span<byte> body = bytes[IvSize..^TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Decrypt(bytes[..IvSize], body, bytes[^TagSize..], body);
        }

        if (!Utf8.IsValid(body))
            throw new BlobFormatException("The decrypted secrets are not UTF-8 text.");
        return Encoding.UTF8.GetString(body);
    }

    /// <summary>Decrypts a blob, reporting failure instead of throwing.</summary>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="blob">The blob.</param>
    /// <param name="plaintext">The plaintext when decryption succeeded.</param>
    /// <returns><see langword="false"/> when the blob is malformed, the key is wrong or the blob was altered.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="KeySize"/> bytes.</exception>
    public static bool TryDecrypt(ReadOnlySpan<byte> key, string blob, [NotNullWhen(true)] out string? plaintext)
    {
        ArgumentNullException.ThrowIfNull(blob);
        CheckKey(key);
        plaintext = null;
        if (!IsWellFormed(blob))
            return false;
        try
        {
            plaintext = Decrypt(key, blob);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (BlobFormatException)
        {
            return false;
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> under a client key, as a client-managed project stores it.</summary>
    /// <param name="clientKey">The client key or passphrase; its <see cref="ClientKey.Pad(string, Span{byte})"/> bytes stay on the stack and are cleared.</param>
    /// <param name="plaintext">The text to encrypt, encoded as UTF-8.</param>
    /// <returns>The blob.</returns>
    public static string EncryptWithClientKey(string clientKey, string plaintext)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            ClientKey.Pad(clientKey, key);
            return Encrypt(key, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Decrypts a client-managed blob with a client key, reporting failure instead of throwing.</summary>
    /// <param name="clientKey">The client key or passphrase; its <see cref="ClientKey.Pad(string, Span{byte})"/> bytes stay on the stack and are cleared.</param>
    /// <param name="blob">The blob.</param>
    /// <param name="plaintext">The plaintext when decryption succeeded.</param>
    /// <returns><see langword="false"/> when the blob is malformed, the key is wrong or the blob was altered.</returns>
    public static bool TryDecryptWithClientKey(string clientKey, string blob, [NotNullWhen(true)] out string? plaintext)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            ClientKey.Pad(clientKey, key);
            return TryDecrypt(key, blob, out plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Decrypts a client-managed blob with the first of <paramref name="clientKeys"/> that opens it, for history that may
    /// still be under a key retired by a rotation.
    /// </summary>
    /// <param name="clientKeys">The candidate client keys, tried in order.</param>
    /// <param name="blob">The blob.</param>
    /// <param name="plaintext">The plaintext when one of the keys opened the blob.</param>
    /// <returns><see langword="false"/> when no key opens the blob, or there are none.</returns>
    public static bool TryDecryptWithAnyClientKey(IEnumerable<string> clientKeys, string blob, [NotNullWhen(true)] out string? plaintext)
    {
        ArgumentNullException.ThrowIfNull(clientKeys);
        ArgumentNullException.ThrowIfNull(blob);
        foreach (string clientKey in clientKeys)
        {
            if (TryDecryptWithClientKey(clientKey, blob, out plaintext))
                return true;
        }

        plaintext = null;
        return false;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> under a server-managed data key in its base64 form, as the encryption-key endpoint returns it.</summary>
    /// <param name="base64DataKey">The data key: base64 of exactly <see cref="KeySize"/> bytes. The decoded bytes stay on the stack and are cleared.</param>
    /// <param name="plaintext">The text to encrypt, encoded as UTF-8.</param>
    /// <returns>The blob.</returns>
    /// <exception cref="FormatException"><paramref name="base64DataKey"/> is not base64 of exactly <see cref="KeySize"/> bytes.</exception>
    public static string EncryptWithDataKey(string base64DataKey, string plaintext)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            if (!TryDecodeDataKey(base64DataKey, key))
                throw new FormatException($"The data key is not base64 of {KeySize} bytes.");
            return Encrypt(key, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Decrypts a server-managed blob with its data key in base64 form, reporting failure instead of throwing.</summary>
    /// <param name="base64DataKey">The data key: base64 of exactly <see cref="KeySize"/> bytes. The decoded bytes stay on the stack and are cleared.</param>
    /// <param name="blob">The blob.</param>
    /// <param name="plaintext">The plaintext when decryption succeeded.</param>
    /// <returns>
    /// <see langword="false"/> when the data key is not base64 of <see cref="KeySize"/> bytes, the blob is malformed,
    /// the key is wrong or the blob was altered.
    /// </returns>
    public static bool TryDecryptWithDataKey(string base64DataKey, string blob, [NotNullWhen(true)] out string? plaintext)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            if (!TryDecodeDataKey(base64DataKey, key))
            {
                plaintext = null;
                return false;
            }

            return TryDecrypt(key, blob, out plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Tells whether <paramref name="blob"/> is canonical base64 of at least <see cref="MinimumDecodedLength"/> bytes.
    /// Allocates nothing; says nothing about whether it will authenticate.
    /// </summary>
    /// <param name="blob">The candidate blob.</param>
    /// <returns><see langword="true"/> when the blob is well formed.</returns>
    public static bool IsWellFormed([NotNullWhen(true)] string? blob) =>
        blob is not null && StrictBase64.DecodedLength(blob) >= MinimumDecodedLength;

    /// <summary>Returns the size in bytes of the decoded blob (IV, ciphertext and tag), without decoding it.</summary>
    /// <param name="blob">The blob.</param>
    /// <returns>The decoded size in bytes.</returns>
    /// <exception cref="BlobFormatException">The blob is not well formed.</exception>
    public static int DecodedLength(string blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        int length = StrictBase64.DecodedLength(blob);
        if (length < 0)
            throw new BlobFormatException("The secrets blob is not canonical base64 (standard alphabet, padded, no whitespace).");
        if (length < MinimumDecodedLength)
            throw new BlobFormatException($"The secrets blob decodes to {length} bytes; at least {MinimumDecodedLength} are needed for the IV and the tag.");
        return length;
    }

    // Decoding straight into the KeySize buffer also rejects base64 of more bytes: the decoder reports it does not fit.
    private static bool TryDecodeDataKey(string base64DataKey, Span<byte> key)
    {
        ArgumentNullException.ThrowIfNull(base64DataKey);
        return Convert.TryFromBase64String(base64DataKey, key, out int written) && written == KeySize;
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"The key must be {KeySize} bytes.", nameof(key));
    }
}
