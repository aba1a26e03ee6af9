using System.Globalization;
using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Client.Internal;

/// <summary>
/// Opens client-managed blobs at the place the server reports for them (v1 and v2), and tells a moved v2 blob from a
/// wrong key when the read itself shows the key is right.
/// </summary>
internal static class ClientBlobs
{
    /// <summary>Opens one level's blob at its place and key version; a v1 blob ignores the place.</summary>
    public static BlobOpenStatus TryOpen(string key, EncryptedLevel level, out string? plaintext) =>
        TryOpen(key, level.Content, level.Place, level.KeyVersion, out plaintext);

    /// <summary>Opens a blob found at <paramref name="place"/> under <paramref name="keyVersion"/>.</summary>
    public static BlobOpenStatus TryOpen(string key, string blob, LevelPlace? place, int keyVersion, out string? plaintext)
    {
        if (place is not null)
        {
            return SecretsBlob.TryOpenWithClientKey(key, blob, place.WithKeyVersion(keyVersion), out plaintext);
        }

        // Only an older server reports no place, and it holds no v2 blob: one here cannot be opened, only reported.
        if (SecretsBlob.TryDecryptWithClientKey(key, blob, out plaintext))
        {
            return BlobOpenStatus.Opened;
        }

        return SecretsBlob.IsV2(blob) ? BlobOpenStatus.NotBoundHere : SecretsBlob.IsWellFormed(blob) ? BlobOpenStatus.AuthenticationFailed : BlobOpenStatus.Malformed;
    }

    /// <summary>
    /// Opens every level of a read. A failure is <see cref="EnvelopeBlobBoundElsewhereException"/> when the key is shown
    /// right (another level of the same key version opened with it, or the blob opens at another level of the read),
    /// else <see cref="EnvelopeDecryptionException"/>.
    /// </summary>
    public static IReadOnlyDictionary<EncryptedLevel, string> OpenAll(string key, EncryptedSecrets read)
    {
        var opened = new Dictionary<EncryptedLevel, string>(ReferenceEqualityComparer.Instance);
        var failed = new List<(EncryptedLevel Level, BlobOpenStatus Status)>();
        foreach (var level in read.Levels())
        {
            var status = TryOpen(key, level, out var text);
            if (status == BlobOpenStatus.Opened)
            {
                opened[level] = text!;
            }
            else
            {
                failed.Add((level, status));
            }
        }

        foreach (var (level, status) in failed)
        {
            if (status == BlobOpenStatus.NotBoundHere && IsKeyShownRight(key, level, read, opened.Keys))
            {
                throw BoundElsewhere($"The {NameOf(level, read)} level (secret {level.Id}, key version {Version(level.KeyVersion)})");
            }

            throw new EnvelopeDecryptionException(
                $"The {NameOf(level, read)} level (secret {level.Id}, key version {Version(level.KeyVersion)}) does not decrypt with this client key: the key is wrong or was rotated"
                + (status == BlobOpenStatus.NotBoundHere ? ", or the blob was moved from another level." : "."));
        }

        return opened;
    }

    public static EnvelopeBlobBoundElsewhereException BoundElsewhere(string what) => new(
        $"{what} is sealed for another level or key version: it was moved or altered outside Envelope. Nothing of it was used; restore the level from a version.");

    public static string Version(int keyVersion) => keyVersion.ToString(CultureInfo.InvariantCulture);

    private static bool IsKeyShownRight(string key, EncryptedLevel failed, EncryptedSecrets read, IEnumerable<EncryptedLevel> opened)
    {
        if (opened.Any(o => o.KeyVersion == failed.KeyVersion))
        {
            return true;
        }

        // A blob copied from another level (or relabelled with another key version) of this read opens at its true place:
        // the key is right and the blob is in the wrong one.
        var own = failed.Place?.WithKeyVersion(failed.KeyVersion);
        var versions = read.Levels().Select(l => l.KeyVersion).Distinct().ToList();
        var elsewhere = read.Levels().Select(l => l.Place).OfType<LevelPlace>()
            .SelectMany(_ => versions, (place, version) => place.WithKeyVersion(version))
            .Where(place => place != own);
        return elsewhere.Any(place => SecretsBlob.TryOpenWithClientKey(key, failed.Content, place, out _) == BlobOpenStatus.Opened);
    }

    private static string NameOf(EncryptedLevel level, EncryptedSecrets read) =>
        ReferenceEquals(level, read.Project) ? "project" : ReferenceEquals(level, read.Target) ? "target" : "environment";
}
