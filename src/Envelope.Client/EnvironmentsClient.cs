using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>Environments of a target (<c>/api/v1/{org}/{project}/{target}/environments</c>).</summary>
public sealed class EnvironmentsClient
{
    private readonly ApiConnection _api;
    private readonly string _organization;

    internal EnvironmentsClient(ApiConnection api, string organization)
    {
        _api = api;
        _organization = organization;
    }

    /// <summary>Every environment of a target, by slug, fetching pages as the enumeration reaches them.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="pageSize">Environments per request (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The environments.</returns>
    public IAsyncEnumerable<HierarchyNode> ListAsync(string project, string target, int pageSize = Pagination.MaxPerPage, CancellationToken cancellationToken = default)
    {
        Pagination.Check(1, pageSize);
        var path = Path(project, target);
        return Pagination.EnumerateAsync((page, ct) => HierarchyNodes.GetPageAsync(_api, path, page, pageSize, ct), cancellationToken);
    }

    /// <summary>One page of a target's environments.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Environments per page (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page with the list's totals.</returns>
    public Task<Page<HierarchyNode>> GetPageAsync(string project, string target, int page = 1, int perPage = 25, CancellationToken cancellationToken = default) =>
        HierarchyNodes.GetPageAsync(_api, Path(project, target), page, perPage, cancellationToken);

    /// <summary>An environment.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="environment">The environment's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The environment.</returns>
    public Task<HierarchyNode> GetAsync(string project, string target, string environment, CancellationToken cancellationToken = default) =>
        HierarchyNodes.GetAsync(_api, $"{Path(project, target)}/{Paths.Segment(environment)}", cancellationToken);

    /// <summary>Creates an environment. Not retried on ambiguous failures.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="request">The environment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The environment.</returns>
    public Task<HierarchyNode> CreateAsync(string project, string target, CreateNodeRequest request, CancellationToken cancellationToken = default) =>
        HierarchyNodes.CreateAsync(_api, Path(project, target), request, cancellationToken);

    /// <summary>Changes the name, slug or description of an environment.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="environment">The environment's current slug.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated environment.</returns>
    public Task<HierarchyNode> UpdateAsync(string project, string target, string environment, UpdateNodeRequest request, CancellationToken cancellationToken = default) =>
        HierarchyNodes.UpdateAsync(_api, $"{Path(project, target)}/{Paths.Segment(environment)}", request, cancellationToken);

    /// <summary>Deletes an environment with its secrets.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="environment">The environment's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the environment is deleted.</returns>
    public Task DeleteAsync(string project, string target, string environment, CancellationToken cancellationToken = default) =>
        _api.SendNoContentAsync(HttpMethod.Delete, $"{Path(project, target)}/{Paths.Segment(environment)}", null, idempotent: true, cancellationToken);

    /// <summary>
    /// Removes an environment with its secrets: into the organization's recovery window when it holds secrets or versions, so that it can be
    /// restored; at once when it holds nothing or <paramref name="permanent"/> (which needs <c>secret:purge</c>).
    /// </summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">The target's slug.</param>
    /// <param name="environment">The environment's slug.</param>
    /// <param name="permanent">Erase it and its whole history now; this is the confirmation the server asks for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The node in the recovery window, or null when it was erased at once.</returns>
    public Task<DeletedNode?> RemoveAsync(string project, string target, string environment, bool permanent = false, CancellationToken cancellationToken = default) =>
        _api.SendForOptionalAsync(HttpMethod.Delete, $"{Path(project, target)}/{Paths.Segment(environment)}" + (permanent ? $"?permanent=true&confirm={Paths.Segment(environment)}" : ""), null,
            EnvelopeJsonContext.Default.DataEnvelopeDeletedNode, idempotent: true, cancellationToken);

    private string Path(string project, string target) => $"{_organization}/{Paths.Segment(project)}/{Paths.Segment(target)}/environments";
}
