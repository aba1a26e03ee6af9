using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>Targets of a project (<c>/api/v1/{org}/{project}/targets</c>).</summary>
public sealed class TargetsClient
{
    private readonly ApiConnection _api;
    private readonly string _organization;

    internal TargetsClient(ApiConnection api, string organization)
    {
        _api = api;
        _organization = organization;
    }

    /// <summary>Every target of a project, by slug, fetching pages as the enumeration reaches them.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="pageSize">Targets per request (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The targets.</returns>
    public IAsyncEnumerable<HierarchyNode> ListAsync(string project, int pageSize = Pagination.MaxPerPage, CancellationToken cancellationToken = default)
    {
        Pagination.Check(1, pageSize);
        var path = Path(project);
        return Pagination.EnumerateAsync((page, ct) => HierarchyNodes.GetPageAsync(_api, path, page, pageSize, ct), cancellationToken);
    }

    /// <summary>One page of a project's targets.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Targets per page (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page with the list's totals.</returns>
    public Task<Page<HierarchyNode>> GetPageAsync(string project, int page = 1, int perPage = 25, CancellationToken cancellationToken = default) =>
        HierarchyNodes.GetPageAsync(_api, Path(project), page, perPage, cancellationToken);

    /// <summary>A target.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The target.</returns>
    public Task<HierarchyNode> GetAsync(string project, string target, CancellationToken cancellationToken = default) =>
        HierarchyNodes.GetAsync(_api, $"{Path(project)}/{Paths.Segment(target)}", cancellationToken);

    /// <summary>Creates a target. Not retried on ambiguous failures.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="request">The target.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The target.</returns>
    public Task<HierarchyNode> CreateAsync(string project, CreateNodeRequest request, CancellationToken cancellationToken = default) =>
        HierarchyNodes.CreateAsync(_api, Path(project), request, cancellationToken);

    /// <summary>Changes the name, slug or description of a target.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's current slug.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated target.</returns>
    public Task<HierarchyNode> UpdateAsync(string project, string target, UpdateNodeRequest request, CancellationToken cancellationToken = default) =>
        HierarchyNodes.UpdateAsync(_api, $"{Path(project)}/{Paths.Segment(target)}", request, cancellationToken);

    /// <summary>Deletes a target with its environments and secrets.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the target is deleted.</returns>
    public Task DeleteAsync(string project, string target, CancellationToken cancellationToken = default) =>
        _api.SendNoContentAsync(HttpMethod.Delete, $"{Path(project)}/{Paths.Segment(target)}", null, idempotent: true, cancellationToken);

    /// <summary>
    /// Removes a target with its environments and secrets: into the organization's recovery window when it holds secrets or versions, so that it can be
    /// restored; at once when it holds nothing or <paramref name="permanent"/> (which needs <c>secret:purge</c>).
    /// </summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="permanent">Erase it and its whole history now; this is the confirmation the server asks for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The node in the recovery window, or null when it was erased at once.</returns>
    public Task<DeletedNode?> RemoveAsync(string project, string target, bool permanent = false, CancellationToken cancellationToken = default) =>
        _api.SendForOptionalAsync(HttpMethod.Delete, $"{Path(project)}/{Paths.Segment(target)}" + (permanent ? $"?permanent=true&confirm={Paths.Segment(target)}" : ""), null,
            EnvelopeJsonContext.Default.DataEnvelopeDeletedNode, idempotent: true, cancellationToken);

    private string Path(string project) => $"{_organization}/{Paths.Segment(project)}/targets";
}
