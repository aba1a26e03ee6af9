using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>The recovery window (<c>/api/v1/{org}/deleted</c>): deleted projects, targets and environments, restorable until purged.</summary>
public sealed class DeletedClient
{
    private readonly ApiConnection _api;
    private readonly string _path;

    internal DeletedClient(ApiConnection api, string organization)
    {
        _api = api;
        _path = $"{organization}/deleted";
    }

    /// <summary>Every node in the window, newest deletion first, fetching pages as the enumeration reaches them.</summary>
    /// <param name="pageSize">Nodes per request (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The deleted nodes.</returns>
    public IAsyncEnumerable<DeletedNode> ListAsync(int pageSize = Pagination.MaxPerPage, CancellationToken cancellationToken = default)
    {
        Pagination.Check(1, pageSize);
        return Pagination.EnumerateAsync((page, ct) => GetPageAsync(page, pageSize, ct), cancellationToken);
    }

    /// <summary>One page of the nodes in the window.</summary>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Nodes per page (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page with the list's totals.</returns>
    public Task<Page<DeletedNode>> GetPageAsync(int page = 1, int perPage = 25, CancellationToken cancellationToken = default) =>
        Pagination.GetPageAsync(_api, _path, page, perPage, EnvelopeJsonContext.Default.PagedEnvelopeDeletedNode, cancellationToken);

    /// <summary>Restores a deleted node with everything under it and its whole history.</summary>
    /// <param name="id">The deleted node's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The node as it was in the window.</returns>
    public Task<DeletedNode> RestoreAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Post, $"{_path}/{Paths.Segment(id)}/restore", null, EnvelopeJsonContext.Default.DataEnvelopeDeletedNode, idempotent: false, cancellationToken);

    /// <summary>Purges a deleted node now, for good; needs <c>secret:purge</c>.</summary>
    /// <param name="id">The deleted node's id.</param>
    /// <param name="slug">The node's own slug, repeated as the confirmation the server asks for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the node is gone.</returns>
    public Task PurgeAsync(string id, string slug, CancellationToken cancellationToken = default) =>
        _api.SendNoContentAsync(HttpMethod.Delete, $"{_path}/{Paths.Segment(id)}?confirm={Paths.Segment(slug)}", null, idempotent: true, cancellationToken);
}
