using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Envelope.Crypto.Internal;

namespace Envelope.Crypto;

/// <summary>
/// The encrypted form of one level's <c>.env</c> text: <c>base64(IV(12) || ciphertext || tag(16))</c>, AES-256-GCM over
/// the UTF-8 plaintext. A v1 blob has no associated data; a v2 blob (<see cref="V2Prefix"/>) is bound to its
/// <see cref="BlobPlace"/> (<see cref="Seal(ReadOnlySpan{byte}, string, BlobPlace)"/>, <see cref="TryOpen"/>).
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
    public static string Encrypt(ReadOnlySpan<byte> key, string plaintext, ReadOnlySpan<byte> iv) => Seal(key, plaintext, iv, place: null);

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
        if (IsV2(blob))
            throw new BlobFormatException("The secrets blob is v2: open it with its place (SecretsBlob.TryOpen).");
        return Open(key, blob, place: null);
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
        if (!IsWellFormed(blob) || IsV2(blob))
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
    /// Tells whether <paramref name="blob"/> is canonical base64 of at least <see cref="MinimumDecodedLength"/> bytes, bare
    /// (v1) or after <see cref="V2Prefix"/> (v2).
    /// Allocates nothing; says nothing about whether it will authenticate.
    /// </summary>
    /// <param name="blob">The candidate blob.</param>
    /// <returns><see langword="true"/> when the blob is well formed.</returns>
    public static bool IsWellFormed([NotNullWhen(true)] string? blob) =>
        blob is not null && StrictBase64.DecodedLength(Payload(blob)) >= MinimumDecodedLength;

    /// <summary>Returns the size in bytes of the decoded blob (IV, ciphertext and tag; not the v2 prefix), without decoding it.</summary>
    /// <param name="blob">The blob.</param>
    /// <returns>The decoded size in bytes.</returns>
    /// <exception cref="BlobFormatException">The blob is not well formed.</exception>
    public static int DecodedLength(string blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        int length = StrictBase64.DecodedLength(Payload(blob));
        if (length < 0)
            throw new BlobFormatException("The secrets blob is not canonical base64 (standard alphabet, padded, no whitespace).");
        if (length < MinimumDecodedLength)
            throw new BlobFormatException($"The secrets blob decodes to {length} bytes; at least {MinimumDecodedLength} are needed for the IV and the tag.");
        return length;
    }

    /// <summary>
    /// The text before the base64 of a v2 blob. A v1 blob is bare base64, whose alphabet has no <c>:</c>, so the prefix
    /// tells the versions apart without ambiguity.
    /// </summary>
    public const string V2Prefix = "v2:";

    /// <summary>Tells whether <paramref name="blob"/> starts with <see cref="V2Prefix"/> (says nothing about the rest).</summary>
    /// <param name="blob">The candidate blob.</param>
    /// <returns><see langword="true"/> for a v2 blob.</returns>
    public static bool IsV2(string blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return blob.StartsWith(V2Prefix, StringComparison.Ordinal);
    }

    /// <summary>Seals <paramref name="plaintext"/> as a v2 blob bound to <paramref name="place"/>, under a fresh random IV.</summary>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="plaintext">The text to encrypt, encoded as UTF-8.</param>
    /// <param name="place">The level and key version the blob belongs to; authenticated, not stored.</param>
    /// <returns>The v2 blob: <see cref="V2Prefix"/> and <c>base64(IV || ciphertext || tag)</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="KeySize"/> bytes.</exception>
    public static string Seal(ReadOnlySpan<byte> key, string plaintext, BlobPlace place)
    {
        ArgumentNullException.ThrowIfNull(place);
        Span<byte> iv = stackalloc byte[IvSize];
        RandomNumberGenerator.Fill(iv);
        return Seal(key, plaintext, iv, place);
    }

    /// <summary>
    /// Seals under the given IV. Reusing an IV with the same key breaks GCM: this overload exists for test vectors; use
    /// <see cref="Seal(ReadOnlySpan{byte}, string, BlobPlace)"/> otherwise.
    /// </summary>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="plaintext">The text to encrypt, encoded as UTF-8.</param>
    /// <param name="iv">The 12-byte IV.</param>
    /// <param name="place">The place to bind to, or <see langword="null"/> for a v1 blob (no associated data).</param>
    /// <returns>The blob.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> or <paramref name="iv"/> has the wrong length.</exception>
    public static string Seal(ReadOnlySpan<byte> key, string plaintext, ReadOnlySpan<byte> iv, BlobPlace? place)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        CheckKey(key);
        if (iv.Length != IvSize)
            throw new ArgumentException($"The IV must be {IvSize} bytes.", nameof(iv));

        int textLength = Encoding.UTF8.GetByteCount(plaintext);
        int aadLength = place?.AssociatedDataLength ?? 0;
        using var buffer = new SensitiveBuffer(MinimumDecodedLength + textLength + aadLength);
        Span<byte> blob = buffer.Span[..(MinimumDecodedLength + textLength)];
        Span<byte> aad = buffer.Span[blob.Length..];
        place?.WriteAssociatedData(aad);
        iv.CopyTo(blob);
        Span<byte> body = blob.Slice(IvSize, textLength);
        Encoding.UTF8.GetBytes(plaintext, body);
        using (var aes = new AesGcm(key, TagSize))
        {
            // In place: the plaintext bytes become the ciphertext, so no second buffer holds them.
            aes.Encrypt(blob[..IvSize], body, body, blob[(IvSize + textLength)..], aad);
        }

        return place is null ? Convert.ToBase64String(blob) : ToV2String(blob);
    }

    // Prefix and base64 written straight into the string's own memory: concatenating would build the blob's text twice,
    // and a pooled buffer copied once more; this allocates and copies exactly what v1's Convert.ToBase64String does.
    private static string ToV2String(ReadOnlySpan<byte> blob) =>
        string.Create(V2Prefix.Length + ((blob.Length + 2) / 3 * 4), blob, static (text, bytes) =>
        {
            V2Prefix.AsSpan().CopyTo(text);
            Convert.TryToBase64Chars(bytes, text[V2Prefix.Length..], out _);
        });

    /// <summary>
    /// Opens a v1 or v2 blob: a v2 blob must authenticate under <paramref name="place"/>'s associated data, a v1 blob
    /// (no associated data) ignores it.
    /// </summary>
    /// <param name="key">The 32-byte key.</param>
    /// <param name="blob">The blob.</param>
    /// <param name="place">Where the caller found the blob: its level and the key version recorded with it.</param>
    /// <param name="plaintext">The plaintext when the result is <see cref="BlobOpenStatus.Opened"/>.</param>
    /// <returns>How it went; never throws for a bad blob.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not <see cref="KeySize"/> bytes.</exception>
    public static BlobOpenStatus TryOpen(ReadOnlySpan<byte> key, string blob, BlobPlace place, [NotNullWhen(true)] out string? plaintext)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(place);
        CheckKey(key);
        plaintext = null;
        if (!IsWellFormed(blob))
            return BlobOpenStatus.Malformed;
        bool v2 = IsV2(blob);
        try
        {
            plaintext = Open(key, blob, v2 ? place : null);
            return BlobOpenStatus.Opened;
        }
        catch (CryptographicException)
        {
            return v2 ? BlobOpenStatus.NotBoundHere : BlobOpenStatus.AuthenticationFailed;
        }
        catch (BlobFormatException)
        {
            return BlobOpenStatus.Malformed;
        }
    }

    /// <summary>Seals <paramref name="plaintext"/> as a v2 blob under a client key, as a client-managed project stores it.</summary>
    /// <param name="clientKey">The client key or passphrase; its padded bytes stay on the stack and are cleared.</param>
    /// <param name="plaintext">The text to encrypt.</param>
    /// <param name="place">The level and key version the blob belongs to.</param>
    /// <returns>The v2 blob.</returns>
    public static string SealWithClientKey(string clientKey, string plaintext, BlobPlace place)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            ClientKey.Pad(clientKey, key);
            return Seal(key, plaintext, place);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Opens a v1 or v2 client-managed blob with a client key (see <see cref="TryOpen"/>).</summary>
    /// <param name="clientKey">The client key or passphrase.</param>
    /// <param name="blob">The blob.</param>
    /// <param name="place">Where the blob was found.</param>
    /// <param name="plaintext">The plaintext when opened.</param>
    /// <returns>How it went.</returns>
    public static BlobOpenStatus TryOpenWithClientKey(string clientKey, string blob, BlobPlace place, [NotNullWhen(true)] out string? plaintext)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            ClientKey.Pad(clientKey, key);
            return TryOpen(key, blob, place, out plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Seals <paramref name="plaintext"/> as a v2 blob under a server-managed data key in its base64 form.</summary>
    /// <param name="base64DataKey">The data key: base64 of exactly <see cref="KeySize"/> bytes.</param>
    /// <param name="plaintext">The text to encrypt.</param>
    /// <param name="place">The level and key version the blob belongs to.</param>
    /// <returns>The v2 blob.</returns>
    /// <exception cref="FormatException"><paramref name="base64DataKey"/> is not base64 of exactly <see cref="KeySize"/> bytes.</exception>
    public static string SealWithDataKey(string base64DataKey, string plaintext, BlobPlace place)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            if (!TryDecodeDataKey(base64DataKey, key))
                throw new FormatException($"The data key is not base64 of {KeySize} bytes.");
            return Seal(key, plaintext, place);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Opens a v1 or v2 server-managed blob with its data key in base64 form (see <see cref="TryOpen"/>).</summary>
    /// <param name="base64DataKey">The data key: base64 of exactly <see cref="KeySize"/> bytes.</param>
    /// <param name="blob">The blob.</param>
    /// <param name="place">Where the blob was found.</param>
    /// <param name="plaintext">The plaintext when opened.</param>
    /// <returns>How it went; <see cref="BlobOpenStatus.AuthenticationFailed"/> when the data key is not base64 of <see cref="KeySize"/> bytes.</returns>
    public static BlobOpenStatus TryOpenWithDataKey(string base64DataKey, string blob, BlobPlace place, [NotNullWhen(true)] out string? plaintext)
    {
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            if (!TryDecodeDataKey(base64DataKey, key))
            {
                plaintext = null;
                return BlobOpenStatus.AuthenticationFailed;
            }

            return TryOpen(key, blob, place, out plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static string Open(ReadOnlySpan<byte> key, string blob, BlobPlace? place)
    {
        CheckKey(key);
        int length = DecodedLength(blob);
        ReadOnlySpan<char> payload = Payload(blob);
        int aadLength = place?.AssociatedDataLength ?? 0;

        using var buffer = new SensitiveBuffer(payload.Length + length + aadLength);
        Span<byte> bytes = buffer.Span.Slice(payload.Length, length);
        Span<byte> aad = buffer.Span[(payload.Length + length)..];
        if (!StrictBase64.TryDecode(payload, buffer.Span[..payload.Length], bytes))
            throw new BlobFormatException("The secrets blob is not canonical base64.");
        place?.WriteAssociatedData(aad);

        Span<byte> body = bytes[IvSize..^TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Decrypt(bytes[..IvSize], body, bytes[^TagSize..], body, aad);
        }

        if (!Utf8.IsValid(body))
            throw new BlobFormatException("The decrypted secrets are not UTF-8 text.");
        return Encoding.UTF8.GetString(body);
    }

    private static ReadOnlySpan<char> Payload(string blob) =>
        blob.StartsWith(V2Prefix, StringComparison.Ordinal) ? blob.AsSpan(V2Prefix.Length) : blob;

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
