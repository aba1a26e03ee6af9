using System.Globalization;
using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>Version history of secrets (<c>/api/v1/{org}/secrets/versions</c>).</summary>
public sealed class VersionsClient
{
    private readonly ApiConnection _api;
    private readonly string _path;

    internal VersionsClient(ApiConnection api, string organization)
    {
        _api = api;
        _path = $"{organization}/secrets/versions";
    }

    /// <summary>Every version of a level, newest first, metadata only (<c>secret:history</c>).</summary>
    /// <param name="level">The level.</param>
    /// <param name="pageSize">Versions per request (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The versions.</returns>
    public IAsyncEnumerable<SecretVersion> ListAsync(LevelPath level, int pageSize = Pagination.MaxPerPage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(level);
        Pagination.Check(1, pageSize);
        return Pagination.EnumerateAsync((page, ct) => GetPageAsync(level, page, pageSize, ct), cancellationToken);
    }

    /// <summary>One page of a level's versions, newest first.</summary>
    /// <param name="level">The level.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Versions per page (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page with the list's totals.</returns>
    public async Task<Page<SecretVersion>> GetPageAsync(LevelPath level, int page = 1, int perPage = 25, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(level);
        Pagination.Check(page, perPage);
        var body = new ListVersionsBody(level.Project, level.Target, level.Environment, page, perPage);
        return (await _api.SendForJsonAsync(HttpMethod.Post, _path, ApiConnection.Json(body, EnvelopeJsonContext.Default.ListVersionsBody),
            EnvelopeJsonContext.Default.PagedEnvelopeSecretVersion, idempotent: true, cancellationToken).ConfigureAwait(false)).ToPage();
    }

    /// <summary>
    /// The server's walk of a level's version chain (<c>secret:history</c>): whether every version, destroyed and purged
    /// ones included, still hashes to its link and extends the one before. Checks that do not trust the server (a rollback
    /// to an older version) are the caller's own; this one asks the server to look at its database.
    /// </summary>
    /// <param name="level">The level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verification, naming the first break if there is one.</returns>
    public Task<VersionChainVerification> VerifyAsync(LevelPath level, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(level);
        var query = "project=" + Uri.EscapeDataString(level.Project)
            + (level.Target is null ? "" : "&target=" + Uri.EscapeDataString(level.Target))
            + (level.Environment is null ? "" : "&environment=" + Uri.EscapeDataString(level.Environment));
        return _api.SendAsync(HttpMethod.Get, $"{_path}/verify?{query}", null, EnvelopeJsonContext.Default.DataEnvelopeVersionChainVerification, idempotent: true, cancellationToken);
    }

    /// <summary>A version with its content and key descriptor (<c>secret:history</c>; the data key only with <c>key:retrieve</c>).</summary>
    /// <param name="id">The version's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version.</returns>
    public Task<SecretVersion> GetAsync(long id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, VersionPath(id), null, EnvelopeJsonContext.Default.DataEnvelopeSecretVersion, idempotent: true, cancellationToken);

    /// <summary>
    /// Makes a version's content current again by appending a new version (<c>secret:restore</c>). A client-managed version
    /// under an old key needs <paramref name="content"/> re-encrypted under the current key and <paramref name="keyProof"/>.
    /// Not retried on ambiguous failures (a retry would append a second version).
    /// </summary>
    /// <param name="id">The version's id.</param>
    /// <param name="content">The version's content re-encrypted under the current client key, when needed.</param>
    /// <param name="keyProof">The proof of the current client key, with <paramref name="content"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version.</returns>
    public Task<RestoredVersion> RestoreAsync(long id, string? content = null, string? keyProof = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"{VersionPath(id)}/restore", ApiConnection.Json(new RestoreBody(content, keyProof), EnvelopeJsonContext.Default.RestoreBody),
            EnvelopeJsonContext.Default.DataEnvelopeRestoredVersion, idempotent: false, cancellationToken);

    /// <summary>Deletes one version (<c>secret:purge</c>).</summary>
    /// <param name="id">The version's id.</param>
    /// <param name="force">Whether to delete even the only snapshot of a deleted level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the version is deleted.</returns>
    public Task DeleteAsync(long id, bool force = false, CancellationToken cancellationToken = default) =>
        _api.SendNoContentAsync(HttpMethod.Delete, VersionPath(id) + (force ? "?force=true" : ""), null, idempotent: true, cancellationToken);

    /// <summary>Wipes a version's content and keeps its metadata, with status <c>destroyed</c> (<c>secret:purge</c>).</summary>
    /// <param name="id">The version's id.</param>
    /// <param name="force">Whether to destroy even the only snapshot of a deleted level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The destroyed version's metadata.</returns>
    public Task<SecretVersion> DestroyAsync(long id, bool force = false, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"{VersionPath(id)}/destroy" + (force ? "?force=true" : ""), null,
            EnvelopeJsonContext.Default.DataEnvelopeSecretVersion, idempotent: false, cancellationToken);

    /// <summary>Deletes the history of a level or of its whole project, for good (<c>secret:purge</c>; sends <c>confirmed: true</c>).</summary>
    /// <param name="level">The level; with <see cref="PurgeScope.Project"/>, any level of the project.</param>
    /// <param name="scope">The level's history or the project's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many versions were deleted.</returns>
    public async Task<int> PurgeAsync(LevelPath level, PurgeScope scope = PurgeScope.Level, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(level);
        var body = new PurgeBody(level.Project, level.Target, level.Environment, scope, Confirmed: true);
        return (await _api.SendAsync(HttpMethod.Post, $"{_path}/purge", ApiConnection.Json(body, EnvelopeJsonContext.Default.PurgeBody),
            EnvelopeJsonContext.Default.DataEnvelopePurgeResult, idempotent: false, cancellationToken).ConfigureAwait(false)).PurgedCount;
    }

    private string VersionPath(long id) => $"{_path}/{id.ToString(CultureInfo.InvariantCulture)}";
}
