using System.Security.Cryptography;
using Envelope.Crypto;

namespace Envelope.Client.Internal;

/// <summary>Encrypts and decrypts blobs under a client key, keeping the padded key bytes on the stack.</summary>
internal static class BlobCipher
{
    public static string Encrypt(string key, string plaintext)
    {
        Span<byte> padded = stackalloc byte[SecretsBlob.KeySize];
        try
        {
            ClientKey.Pad(key, padded);
            return SecretsBlob.Encrypt(padded, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    public static string? TryDecrypt(string key, string blob)
    {
        Span<byte> padded = stackalloc byte[SecretsBlob.KeySize];
        try
        {
            ClientKey.Pad(key, padded);
            return SecretsBlob.TryDecrypt(padded, blob, out var plaintext) ? plaintext : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>Encrypts under a server-managed data key given as base64, as GET encryption-key returns it.</summary>
    public static string EncryptWithDataKey(string base64Key, string plaintext)
    {
        Span<byte> key = stackalloc byte[SecretsBlob.KeySize];
        try
        {
            if (!Convert.TryFromBase64String(base64Key, key, out var written) || written != SecretsBlob.KeySize)
            {
                throw new InvalidOperationException("The server's data key is not base64 of 32 bytes.");
            }

            return SecretsBlob.Encrypt(key, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
