using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>
/// A project's keys (<c>/api/v1/{org}/{project}/encryption-key</c>) and client-key rotation
/// (<c>…/secrets/rotate-client-keys</c>, <c>…/secrets/re-encrypt-history</c>). <see cref="ClientManagedSecrets.RotateKeyAsync"/>
/// runs a whole client-key rotation.
/// </summary>
public sealed class EncryptionKeysClient
{
    private readonly ApiConnection _api;
    private readonly string _organization;

    internal EncryptionKeysClient(ApiConnection api, string organization)
    {
        _api = api;
        _organization = organization;
    }

    /// <summary>The active key (<c>key:retrieve</c>): server-managed with the data key, client-managed with the proof parameters.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key.</returns>
    public Task<EncryptionKey> GetAsync(string project, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, KeyPath(project), null, EnvelopeJsonContext.Default.DataEnvelopeEncryptionKey, idempotent: true, cancellationToken);

    /// <summary>Every key version, the active one first, then newest first (<c>key:retrieve</c>).</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key versions.</returns>
    public async Task<IReadOnlyList<EncryptionKey>> GetHistoryAsync(string project, CancellationToken cancellationToken = default) =>
        await _api.SendAsync(HttpMethod.Get, $"{KeyPath(project)}/history", null, EnvelopeJsonContext.Default.DataEnvelopeListEncryptionKey, idempotent: true, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// Rotates a server-managed key (<c>key:rotate</c>; ten an hour per organization, then 429 with a long <c>Retry-After</c>).
    /// Not retried on ambiguous failures: a retry would rotate twice.
    /// </summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="historyPolicy">What to do with history; the project's policy when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new key and the history job, if any.</returns>
    public Task<KeyRotation> RotateAsync(string project, HistoryPolicy? historyPolicy = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"{KeyPath(project)}/rotate", ApiConnection.Json(new RotateServerKeyBody(historyPolicy), EnvelopeJsonContext.Default.RotateServerKeyBody),
            EnvelopeJsonContext.Default.DataEnvelopeKeyRotation, idempotent: false, cancellationToken);

    /// <summary>Every history re-encryption job of a project, newest first.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="pageSize">Jobs per request (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The jobs.</returns>
    public IAsyncEnumerable<KeyJob> ListJobsAsync(string project, int pageSize = Pagination.MaxPerPage, CancellationToken cancellationToken = default)
    {
        Pagination.Check(1, pageSize);
        var path = $"{KeyPath(project)}/jobs";
        return Pagination.EnumerateAsync((page, ct) => Pagination.GetPageAsync(_api, path, page, pageSize, EnvelopeJsonContext.Default.PagedEnvelopeKeyJob, ct), cancellationToken);
    }

    /// <summary>One history re-encryption job.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="id">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job and its progress.</returns>
    public Task<KeyJob> GetJobAsync(string project, string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, $"{KeyPath(project)}/jobs/{Paths.Segment(id)}", null, EnvelopeJsonContext.Default.DataEnvelopeKeyJob, idempotent: true, cancellationToken);

    /// <summary>Disables the key: value operations stop until it is enabled (<c>key:rotate</c>).</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key in its new state.</returns>
    public Task<EncryptionKey> DisableAsync(string project, CancellationToken cancellationToken = default) => ChangeStateAsync(project, "disable", null, cancellationToken);

    /// <summary>Enables a disabled key, or cancels its deletion and enables it (<c>key:rotate</c>).</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key in its new state.</returns>
    public Task<EncryptionKey> EnableAsync(string project, CancellationToken cancellationToken = default) => ChangeStateAsync(project, "enable", null, cancellationToken);

    /// <summary>Schedules the destruction of the key's server-held material (<c>key:rotate</c>).</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="days">Days until deletion, 7 to 30; 30 when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key in its new state.</returns>
    public Task<EncryptionKey> ScheduleDeletionAsync(string project, int? days = null, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(project, "schedule-deletion", ApiConnection.Json(new ScheduleDeletionBody(days), EnvelopeJsonContext.Default.ScheduleDeletionBody), cancellationToken);

    /// <summary>Cancels a scheduled deletion; the key stays disabled (<c>key:rotate</c>).</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key in its new state.</returns>
    public Task<EncryptionKey> CancelDeletionAsync(string project, CancellationToken cancellationToken = default) =>
        ChangeStateAsync(project, "cancel-deletion", null, cancellationToken);

    /// <summary>
    /// Swaps every current blob of a client-managed project for one re-encrypted under a new key (<c>key:rotate</c> and
    /// <c>secret:write</c>). Not retried on ambiguous failures.
    /// </summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="request">The re-encrypted blobs, the new key check and the current key's proof.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many blobs were swapped and the new key version.</returns>
    public Task<ClientKeyRotationResult> RotateClientKeysAsync(string project, RotateClientKeysRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _api.SendAsync(HttpMethod.Post, $"{SecretsPath(project)}/rotate-client-keys", ApiConnection.Json(request, EnvelopeJsonContext.Default.RotateClientKeysRequest),
            EnvelopeJsonContext.Default.DataEnvelopeClientKeyRotationResult, idempotent: false, cancellationToken);
    }

    /// <summary>A batch of historical versions still under a retired client key (<c>key:rotate</c>).</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="limit">The batch size, 1 to 500; 50 when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The batch, how many remain, and the current key version.</returns>
    public async Task<PendingHistory> GetPendingHistoryAsync(string project, int? limit = null, CancellationToken cancellationToken = default)
    {
        var answer = await _api.SendForJsonAsync(HttpMethod.Post, $"{SecretsPath(project)}/re-encrypt-history/pending",
            ApiConnection.Json(new PendingHistoryBody(limit), EnvelopeJsonContext.Default.PendingHistoryBody),
            EnvelopeJsonContext.Default.PendingEnvelope, idempotent: true, cancellationToken).ConfigureAwait(false);
        return new PendingHistory { Versions = answer.Data, Remaining = answer.Meta?.Remaining ?? answer.Data.Count, KeyVersion = answer.Meta?.KeyVersion ?? 0 };
    }

    /// <summary>
    /// Submits historical versions re-encrypted under the current client key (<c>key:rotate</c>). Safe to retry: the server
    /// skips versions already moved.
    /// </summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="versions">The re-encrypted versions.</param>
    /// <param name="keyProof">The proof of the current key.</param>
    /// <param name="keyVersion">The key version the client re-encrypted under; a rotation since then answers <c>key_version_conflict</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many versions moved and how many remain.</returns>
    public Task<HistoryReEncryption> ReEncryptHistoryAsync(
        string project, IReadOnlyList<ReEncryptedVersion> versions, string keyProof, int? keyVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentException.ThrowIfNullOrEmpty(keyProof);
        return _api.SendAsync(HttpMethod.Post, $"{SecretsPath(project)}/re-encrypt-history",
            ApiConnection.Json(new ReEncryptHistoryBody(versions, keyProof, keyVersion), EnvelopeJsonContext.Default.ReEncryptHistoryBody),
            EnvelopeJsonContext.Default.DataEnvelopeHistoryReEncryption, idempotent: true, cancellationToken);
    }

    private Task<EncryptionKey> ChangeStateAsync(string project, string change, HttpContent? body, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Post, $"{KeyPath(project)}/{change}", body, EnvelopeJsonContext.Default.DataEnvelopeEncryptionKey, idempotent: false, cancellationToken);

    private string KeyPath(string project) => $"{_organization}/{Paths.Segment(project)}/encryption-key";

    private string SecretsPath(string project) => $"{_organization}/{Paths.Segment(project)}/secrets";
}
