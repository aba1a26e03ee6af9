using Envelope.Client.Internal;
using Envelope.Client.Models;

namespace Envelope.Client;

/// <summary>Projects of an organization (<c>/api/v1/{org}/projects</c>).</summary>
public sealed class ProjectsClient
{
    private readonly ApiConnection _api;
    private readonly string _path;

    internal ProjectsClient(ApiConnection api, string organization)
    {
        _api = api;
        _path = $"{organization}/projects";
    }

    /// <summary>Every project the token reaches, by slug, fetching pages as the enumeration reaches them.</summary>
    /// <param name="pageSize">Projects per request (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The projects.</returns>
    public IAsyncEnumerable<Project> ListAsync(int pageSize = Pagination.MaxPerPage, CancellationToken cancellationToken = default)
    {
        Pagination.Check(1, pageSize);
        return Pagination.EnumerateAsync((page, ct) => GetPageAsync(page, pageSize, ct), cancellationToken);
    }

    /// <summary>One page of projects.</summary>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Projects per page (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page with the list's totals.</returns>
    public Task<Page<Project>> GetPageAsync(int page = 1, int perPage = 25, CancellationToken cancellationToken = default) =>
        Pagination.GetPageAsync(_api, _path, page, perPage, EnvelopeJsonContext.Default.PagedEnvelopeProject, cancellationToken);

    /// <summary>A project.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The project.</returns>
    public Task<Project> GetAsync(string project, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Get, $"{_path}/{Paths.Segment(project)}", null, EnvelopeJsonContext.Default.DataEnvelopeProject, idempotent: true, cancellationToken);

    /// <summary>Creates a project. Not retried on ambiguous failures.</summary>
    /// <param name="request">The project; see <see cref="ClientManagedSecrets.CreateProjectRequest"/> for a client-managed one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The project.</returns>
    public Task<Project> CreateAsync(CreateProjectRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _api.SendAsync(HttpMethod.Post, _path, ApiConnection.Json(request, EnvelopeJsonContext.Default.CreateProjectRequest),
            EnvelopeJsonContext.Default.DataEnvelopeProject, idempotent: false, cancellationToken);
    }

    /// <summary>Changes the name, slug, description or history policy of a project.</summary>
    /// <param name="project">The project's current slug.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated project.</returns>
    public Task<Project> UpdateAsync(string project, UpdateProjectRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _api.SendAsync(HttpMethod.Patch, $"{_path}/{Paths.Segment(project)}", ApiConnection.Json(request, EnvelopeJsonContext.Default.UpdateProjectRequest),
            EnvelopeJsonContext.Default.DataEnvelopeProject, idempotent: false, cancellationToken);
    }

    /// <summary>Deletes a project with its targets, environments, secrets and history.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the project is deleted.</returns>
    public Task DeleteAsync(string project, CancellationToken cancellationToken = default) =>
        _api.SendNoContentAsync(HttpMethod.Delete, $"{_path}/{Paths.Segment(project)}", null, idempotent: true, cancellationToken);

    /// <summary>
    /// Removes a project with its targets, environments and secrets: into the organization's recovery window when it holds secrets or versions, so that it can be
    /// restored; at once when it holds nothing or <paramref name="permanent"/> (which needs <c>secret:purge</c>).
    /// </summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="permanent">Erase it and its whole history now; this is the confirmation the server asks for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The node in the recovery window, or null when it was erased at once.</returns>
    public Task<DeletedNode?> RemoveAsync(string project, bool permanent = false, CancellationToken cancellationToken = default) =>
        _api.SendForOptionalAsync(HttpMethod.Delete, $"{_path}/{Paths.Segment(project)}" + (permanent ? $"?permanent=true&confirm={Paths.Segment(project)}" : ""), null,
            EnvelopeJsonContext.Default.DataEnvelopeDeletedNode, idempotent: true, cancellationToken);
}
