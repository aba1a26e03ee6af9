using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>
/// Secrets of a project's levels: hierarchical reads (<c>GET …/secrets</c>), retrieve, store and delete. These calls move
/// blobs as they are; <see cref="ClientManagedSecrets"/> and <see cref="ServerManagedSecrets"/> encrypt and decrypt them.
/// </summary>
public sealed class SecretsClient
{
    private readonly ApiConnection _api;
    private readonly string _organization;

    internal SecretsClient(ApiConnection api, string organization)
    {
        _api = api;
        _organization = organization;
    }

    /// <summary>The level and the levels above it, encrypted (<c>secret:read</c>).</summary>
    /// <param name="level">The level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The blobs, with their secret ids and key versions.</returns>
    public async Task<EncryptedSecrets> ReadAsync(LevelPath level, CancellationToken cancellationToken = default) =>
        SecretsReads.ToEncrypted(await _api.SendAsync(HttpMethod.Get, Path(level), null,
            EnvelopeJsonContext.Default.DataEnvelopeSecretsReadEncryptedLevel, idempotent: true, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The level and the levels above it, decrypted by the server, each level apart and merged
    /// (<c>decrypt=true&amp;merge=both</c>; <c>secret:read</c> and <c>secret:decrypt</c>, server-managed projects only).
    /// </summary>
    /// <param name="level">The level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each level's values and the merge.</returns>
    public async Task<DecryptedSecrets> ReadDecryptedAsync(LevelPath level, CancellationToken cancellationToken = default) =>
        SecretsReads.ToDecrypted(await _api.SendAsync(HttpMethod.Get, $"{Path(level)}?decrypt=true&merge=both", null,
            EnvelopeJsonContext.Default.DataEnvelopeSecretsReadJsonObject, idempotent: true, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The merged values of the level, decrypted by the server: the deepest level that defines a key wins
    /// (<c>decrypt=true&amp;merge=true</c>; server-managed projects only).
    /// </summary>
    /// <param name="level">The level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The merged values, in first-seen order.</returns>
    public async Task<IReadOnlyDictionary<string, string>> ReadMergedAsync(LevelPath level, CancellationToken cancellationToken = default) =>
        SecretsReads.ToDecrypted(await _api.SendAsync(HttpMethod.Get, $"{Path(level)}?decrypt=true&merge=true", null,
            EnvelopeJsonContext.Default.DataEnvelopeSecretsReadJsonObject, idempotent: true, cancellationToken).ConfigureAwait(false)).Merged;

    /// <summary>The merged values of the level as <c>.env</c> text, decrypted by the server (<c>decrypt=true&amp;raw=true</c>).</summary>
    /// <param name="level">The level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The <c>.env</c> text.</returns>
    public Task<string> ReadRawAsync(LevelPath level, CancellationToken cancellationToken = default) =>
        _api.SendForTextAsync(HttpMethod.Get, $"{Path(level)}?decrypt=true&raw=true", null, idempotent: true, cancellationToken);

    /// <summary>
    /// The level and the levels above it, encrypted, through <c>POST /secrets/retrieve</c>: action <c>read</c>, or
    /// <c>key:retrieve</c> when <paramref name="includeKeys"/> (then <see cref="EncryptedSecrets.Keys"/> describes every key version used).
    /// </summary>
    /// <param name="level">The level.</param>
    /// <param name="includeKeys">Whether to include the key descriptors (needs <c>key:retrieve</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The blobs, and the key descriptors when asked for.</returns>
    public async Task<EncryptedSecrets> RetrieveEncryptedAsync(LevelPath level, bool includeKeys = false, CancellationToken cancellationToken = default) =>
        SecretsReads.ToEncrypted(await _api.SendAsync(HttpMethod.Post, $"{_organization}/secrets/retrieve",
            Retrieve(level, includeKeys ? "key:retrieve" : "read", null, null, null),
            EnvelopeJsonContext.Default.DataEnvelopeSecretsReadEncryptedLevel, idempotent: true, cancellationToken).ConfigureAwait(false));

    /// <summary>The level and the levels above it, decrypted by the server and filtered (action <c>decrypt</c>, <c>merge: both</c>).</summary>
    /// <param name="level">The level.</param>
    /// <param name="filters">Names, tags or a search that entries must match; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Each level's matching values and their merge.</returns>
    public async Task<DecryptedSecrets> RetrieveDecryptedAsync(LevelPath level, SecretFilters? filters = null, CancellationToken cancellationToken = default) =>
        SecretsReads.ToDecrypted(await _api.SendAsync(HttpMethod.Post, $"{_organization}/secrets/retrieve",
            Retrieve(level, "decrypt", filters, "both", null),
            EnvelopeJsonContext.Default.DataEnvelopeSecretsReadJsonObject, idempotent: true, cancellationToken).ConfigureAwait(false));

    /// <summary>The merged, filtered values of the level as <c>.env</c> text (action <c>decrypt</c>, <c>raw: true</c>).</summary>
    /// <param name="level">The level.</param>
    /// <param name="filters">Names, tags or a search that entries must match; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The <c>.env</c> text.</returns>
    public Task<string> RetrieveRawAsync(LevelPath level, SecretFilters? filters = null, CancellationToken cancellationToken = default) =>
        _api.SendForTextAsync(HttpMethod.Post, $"{_organization}/secrets/retrieve", Retrieve(level, "decrypt", filters, null, true), idempotent: true, cancellationToken);

    /// <summary>
    /// Stores a level's blob as it is (<c>secret:write</c>). Not retried on ambiguous failures: a store the server did
    /// apply would otherwise record a second version. It is retried after a 429 or a 503 with <c>Retry-After</c>.
    /// </summary>
    /// <param name="level">The level.</param>
    /// <param name="content">The blob, <c>base64(IV || ciphertext || tag)</c>.</param>
    /// <param name="keyProof">Client-managed projects: the proof of the current key.</param>
    /// <param name="noBackup">Whether to skip recording a version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The level written, its size and the version recorded.</returns>
    public Task<StoredSecrets> StoreAsync(LevelPath level, string content, string? keyProof = null, bool noBackup = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(level);
        ArgumentNullException.ThrowIfNull(content);
        var body = new StoreBody(level.Project, level.Target, level.Environment, content, keyProof, noBackup ? true : null);
        return _api.SendAsync(HttpMethod.Post, $"{_organization}/secrets/store", ApiConnection.Json(body, EnvelopeJsonContext.Default.StoreBody),
            EnvelopeJsonContext.Default.DataEnvelopeStoredSecrets, idempotent: false, cancellationToken);
    }

    /// <summary>Clears a level, recording a version of what it removed so that it can be restored (<c>secret:write</c>).</summary>
    /// <param name="level">The level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the level is cleared.</returns>
    public Task DeleteAsync(LevelPath level, CancellationToken cancellationToken = default) =>
        SendDelete(level, new DeleteBody(Check(level).Project, level.Target, level.Environment, null, null), cancellationToken);

    /// <summary>Deletes a level's secrets and its whole history, for good (<c>secret:write</c> and <c>secret:purge</c>).</summary>
    /// <param name="level">The level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the level and its history are gone.</returns>
    public Task DeleteWithHistoryAsync(LevelPath level, CancellationToken cancellationToken = default) =>
        SendDelete(level, new DeleteBody(Check(level).Project, level.Target, level.Environment, NoBackup: true, Confirmed: true), cancellationToken);

    private static LevelPath Check(LevelPath level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return level;
    }

    private static ByteArrayContent Retrieve(LevelPath level, string action, SecretFilters? filters, string? merge, bool? raw)
    {
        ArgumentNullException.ThrowIfNull(level);
        var body = new RetrieveBody(level.Project, level.Target, level.Environment, action, filters, merge, raw);
        return ApiConnection.Json(body, EnvelopeJsonContext.Default.RetrieveBody);
    }

    private Task SendDelete(LevelPath level, DeleteBody body, CancellationToken cancellationToken) =>
        _api.SendNoContentAsync(HttpMethod.Post, $"{_organization}/secrets/delete", ApiConnection.Json(body, EnvelopeJsonContext.Default.DeleteBody), idempotent: false, cancellationToken);

    private string Path(LevelPath level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return Paths.Level(_organization, level);
    }
}
