using System.Globalization;
using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>
/// Picks the key a blob is opened with here, at the place the server reported for it (v1 and v2), and turns a failure into
/// the CLI's exit code and message.
/// </summary>
internal static class BlobKeys
{
    /// <summary>A version's text (see <see cref="Decrypt(string, LevelPlace?, int, KeyDescriptor?, IReadOnlyList{string}, string)"/>).</summary>
    public static string Decrypt(SecretVersion version, IReadOnlyList<string> clientKeys, string what) =>
        Decrypt(version.Content ?? "", version.Place, version.KeyVersion, version.Key, clientKeys, what);

    /// <summary>
    /// A blob's text: with the data key of its descriptor when server-managed (the token needs key:retrieve), else with the
    /// first of the client keys that opens it. A server-managed v2 blob that its own data key does not open at its place
    /// was moved there: <c>blob_bound_elsewhere</c>.
    /// </summary>
    public static string Decrypt(string blob, LevelPlace? place, int keyVersion, KeyDescriptor? descriptor, IReadOnlyList<string> clientKeys, string what)
    {
        if (descriptor is { Managed: KeyManagement.Server })
        {
            if (descriptor.Key is null)
            {
                throw new CliException(ExitCodes.Forbidden, "key_not_returned",
                    $"The server did not return the data key of {what}; the token needs key:retrieve to decrypt it here.");
            }

            var status = place is null
                ? SecretsBlob.TryDecryptWithDataKey(descriptor.Key, blob, out var v1) ? (BlobOpenStatus.Opened, v1) : (BlobOpenStatus.AuthenticationFailed, null)
                : (SecretsBlob.TryOpenWithDataKey(descriptor.Key, blob, place.WithKeyVersion(keyVersion), out var text), text);
            return status switch
            {
                (BlobOpenStatus.Opened, { } plaintext) => plaintext,
                (BlobOpenStatus.NotBoundHere, _) => throw BoundElsewhere(what),
                _ => throw new CliException(ExitCodes.Error, "decryption_failed", $"{what} does not decrypt with its data key."),
            };
        }

        if (clientKeys.Count == 0)
        {
            throw new CliException(ExitCodes.Conflict, EnvelopeErrorCodes.ClientManagedKey,
                $"{what} is client-managed: set ENVELOPE_KEY or pass --key-file.");
        }

        foreach (var key in clientKeys)
        {
            var opened = place is null
                ? SecretsBlob.TryDecryptWithClientKey(key, blob, out var text)
                : SecretsBlob.TryOpenWithClientKey(key, blob, place.WithKeyVersion(keyVersion), out text) == BlobOpenStatus.Opened;
            if (opened)
            {
                return text!;
            }
        }

        // One blob alone cannot tell a wrong key from a moved blob: both are named.
        var moved = SecretsBlob.IsV2(blob) ? ", or the blob was moved from another level" : "";
        throw new CliException(ExitCodes.Error, "decryption_failed",
            $"{what} (key version {keyVersion.ToString(CultureInfo.InvariantCulture)}) does not decrypt with the client key given{moved}; an older key may be needed (--old-key-file).");
    }

    public static CliException BoundElsewhere(string what) => new(ExitCodes.BlobBoundElsewhere, EnvelopeErrorCodes.BlobBoundElsewhere,
        $"{what} is sealed for another level or key version: it was moved or altered outside Envelope. Nothing of it was used; restore the level from a version.");
}
