using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>Picks the key a blob is decrypted with here, and turns a failure into the CLI's exit code and message.</summary>
internal static class BlobKeys
{
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

            return SecretsBlob.TryDecryptWithDataKey(descriptor.Key, blob, out var text)
                ? text
                : throw new CliException(ExitCodes.Error, "decryption_failed", $"{what} does not decrypt with its data key.");
        }

        if (clientKeys.Count == 0)
        {
            throw new CliException(ExitCodes.Conflict, Envelope.Client.EnvelopeErrorCodes.ClientManagedKey,
                $"{what} is client-managed: set ENVELOPE_KEY or pass --key-file.");
        }

        if (SecretsBlob.TryDecryptWithAnyClientKey(clientKeys, blob, out var plaintext))
        {
            return plaintext;
        }

        throw new CliException(ExitCodes.Error, "decryption_failed",
            $"{what} (key version {descriptor?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}) does not decrypt with the client key given; an older key may be needed (--old-key-file).");
    }
}
