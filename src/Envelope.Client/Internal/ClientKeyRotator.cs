using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Client.Internal;

/// <summary>
/// A client-managed key rotation: the current blobs of every level are re-encrypted here and swapped on the server in one
/// transaction, then history moves over in batches. Nothing changes on the server until every current blob has been
/// re-encrypted, so a wrong key fails before the rotation starts.
/// </summary>
internal sealed class ClientKeyRotator(OrganizationClient organization, string project, IProgress<ClientKeyRotationProgress>? progress)
{
    private const int HistoryBatch = 100;

    /// <summary>
    /// Rotates from <paramref name="currentKey"/> (of <paramref name="currentKeyVersion"/>) to <paramref name="newKey"/>:
    /// every blob is sealed again as v2 at its place under the version the server gives the new key, the current one + 1.
    /// </summary>
    public async Task<ClientKeyRotationOutcome> RotateAsync(
        string currentKey, string currentProof, int currentKeyVersion, string newKey, int iterations, CancellationToken cancellationToken, PassphraseKdfMetadata? kdf = null)
    {
        var current = await CurrentBlobsAsync(cancellationToken).ConfigureAwait(false);
        var newKeyVersion = currentKeyVersion + 1;
        var reEncrypted = new List<ReEncryptedSecret>(current.Count);
        foreach (var blob in current)
        {
            var status = ClientBlobs.TryOpen(currentKey, blob, out var plaintext);
            if (status != BlobOpenStatus.Opened)
            {
                var what = $"Secret {blob.Id} (key version {ClientBlobs.Version(blob.KeyVersion)})";
                // Every other blob is under the same key: one that opens shows the key is right, so this one was moved.
                throw status == BlobOpenStatus.NotBoundHere && current.Any(o => o.KeyVersion == blob.KeyVersion && ClientBlobs.TryOpen(currentKey, o, out _) == BlobOpenStatus.Opened)
                    ? ClientBlobs.BoundElsewhere(what)
                    : new EnvelopeDecryptionException($"{what} does not decrypt with the current client key. Nothing was rotated.");
            }

            var content = blob.Place is { } place ? SecretsBlob.SealWithClientKey(newKey, plaintext!, place.WithKeyVersion(newKeyVersion)) : SecretsBlob.EncryptWithClientKey(newKey, plaintext!);
            reEncrypted.Add(new ReEncryptedSecret { Id = blob.Id, Content = content, UpdatedAt = blob.UpdatedAt });
            Report(ClientKeyRotationStage.CurrentSecrets, reEncrypted.Count, current.Count - reEncrypted.Count, blob.KeyVersion);
        }

        var salt = KeyProof.GenerateSalt();
        var newProof = KeyProof.Compute(newKey, salt, iterations);
        var rotated = await organization.EncryptionKeys.RotateClientKeysAsync(project, new RotateClientKeysRequest
        {
            Secrets = reEncrypted,
            KeyCheck = newProof,
            KeyCheckSalt = Convert.ToBase64String(salt),
            KeyCheckIterations = iterations,
            KeyProof = currentProof,
            Kdf = kdf,
        }, cancellationToken).ConfigureAwait(false);
        Report(ClientKeyRotationStage.Rotated, rotated.Count, 0, rotated.KeyVersion);

        var history = await ReEncryptHistoryAsync([currentKey], newKey, newProof, cancellationToken).ConfigureAwait(false);
        return new ClientKeyRotationOutcome { NewKey = newKey, KeyVersion = rotated.KeyVersion, SecretsReEncrypted = rotated.Count, VersionsReEncrypted = history };
    }

    public async Task<int> ReEncryptHistoryAsync(IReadOnlyList<string> previousKeys, string currentKey, string currentProof, CancellationToken cancellationToken)
    {
        var done = 0;
        var keyVersion = 0;
        while (true)
        {
            var pending = await organization.EncryptionKeys.GetPendingHistoryAsync(project, HistoryBatch, cancellationToken).ConfigureAwait(false);
            keyVersion = pending.KeyVersion;
            if (pending.Versions.Count == 0)
            {
                break;
            }

            var batch = pending.Versions.Select(v => new ReEncryptedVersion { Id = v.Id, Content = Seal(currentKey, DecryptWithAny(previousKeys, v), v.Place, pending.KeyVersion) }).ToList();
            var result = await organization.EncryptionKeys.ReEncryptHistoryAsync(project, batch, currentProof, pending.KeyVersion, cancellationToken).ConfigureAwait(false);
            done += result.Updated;
            Report(ClientKeyRotationStage.History, done, result.Remaining, pending.KeyVersion);
            if (result.Remaining == 0)
            {
                break;
            }

            if (result.Updated == 0)
            {
                throw new InvalidOperationException($"The server moved none of {batch.Count} pending versions onto the current key; {result.Remaining} remain. Try again later.");
            }
        }

        Report(ClientKeyRotationStage.Completed, done, 0, keyVersion);
        return done;
    }

    private async Task<List<EncryptedLevel>> CurrentBlobsAsync(CancellationToken cancellationToken)
    {
        // The server requires exactly the project's current blobs: every level of every target and environment.
        var blobs = new Dictionary<string, EncryptedLevel>(StringComparer.Ordinal);
        void Add(EncryptedSecrets read)
        {
            foreach (var level in read.Levels())
            {
                blobs[level.Id] = level;
            }
        }

        var secrets = organization.Secrets;
        Add(await secrets.ReadAsync(new LevelPath(project), cancellationToken).ConfigureAwait(false));
        await foreach (var target in organization.Targets.ListAsync(project, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            Add(await secrets.ReadAsync(new LevelPath(project, target.Slug), cancellationToken).ConfigureAwait(false));
            await foreach (var environment in organization.Environments.ListAsync(project, target.Slug, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                Add(await secrets.ReadAsync(new LevelPath(project, target.Slug, environment.Slug), cancellationToken).ConfigureAwait(false));
            }
        }

        return [.. blobs.Values];
    }

    private static string Seal(string key, string plaintext, LevelPlace? place, int keyVersion) =>
        place is null ? SecretsBlob.EncryptWithClientKey(key, plaintext) : SecretsBlob.SealWithClientKey(key, plaintext, place.WithKeyVersion(keyVersion));

    private static string DecryptWithAny(IReadOnlyList<string> keys, PendingVersion version)
    {
        foreach (var key in keys)
        {
            if (ClientBlobs.TryOpen(key, version.Content, version.Place, version.KeyVersion, out var plaintext) == BlobOpenStatus.Opened)
            {
                return plaintext!;
            }
        }

        throw new EnvelopeDecryptionException(
            $"Version {version.Id} (key version {version.KeyVersion}) does not decrypt with any of the retired keys given. "
            + "The project's key was rotated; finish with ReEncryptHistoryAsync and the key that version is under.");
    }

    private void Report(ClientKeyRotationStage stage, int processed, int remaining, int keyVersion) =>
        progress?.Report(new ClientKeyRotationProgress { Stage = stage, Processed = processed, Remaining = remaining, KeyVersion = keyVersion });
}
