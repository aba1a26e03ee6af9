using System.Security.Cryptography;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>Decrypts and encrypts blobs here: under a client key, or under a server-managed data key (base64) from a key descriptor.</summary>
internal static class BlobKeys
{
    public static string? TryDecryptWithClientKey(string key, string blob)
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

    public static string EncryptWithClientKey(string key, string plaintext)
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

    public static string? TryDecryptWithDataKey(string base64Key, string blob)
    {
        Span<byte> key = stackalloc byte[SecretsBlob.KeySize];
        try
        {
            if (!Convert.TryFromBase64String(base64Key, key, out var written) || written != SecretsBlob.KeySize)
            {
                return null;
            }

            return SecretsBlob.TryDecrypt(key, blob, out var plaintext) ? plaintext : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// A blob's text: with the data key of its descriptor when server-managed (the token needs key:retrieve), else with the
    /// first of the client keys that opens it.
    /// </summary>
    public static string Decrypt(string blob, KeyDescriptor? descriptor, IReadOnlyList<string> clientKeys, string what)
    {
        if (descriptor is { Managed: KeyManagement.Server })
        {
            if (descriptor.Key is null)
            {
                throw new CliException(ExitCodes.Forbidden, "key_not_returned",
                    $"The server did not return the data key of {what}; the token needs key:retrieve to decrypt it here.");
            }

            return TryDecryptWithDataKey(descriptor.Key, blob)
                ?? throw new CliException(ExitCodes.Error, "decryption_failed", $"{what} does not decrypt with its data key.");
        }

        if (clientKeys.Count == 0)
        {
            throw new CliException(ExitCodes.Conflict, Envelope.Client.EnvelopeErrorCodes.ClientManagedKey,
                $"{what} is client-managed: set ENVELOPE_KEY or pass --key-file.");
        }

        foreach (var key in clientKeys)
        {
            if (TryDecryptWithClientKey(key, blob) is { } text)
            {
                return text;
            }
        }

        throw new CliException(ExitCodes.Error, "decryption_failed",
            $"{what} (key version {descriptor?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}) does not decrypt with the client key given; an older key may be needed (--old-key-file).");
    }
}
