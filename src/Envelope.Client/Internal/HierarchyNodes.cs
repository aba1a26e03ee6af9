using Envelope.Client.Models;

namespace Envelope.Client.Internal;

/// <summary>Targets and environments share their shape and their calls.</summary>
internal static class HierarchyNodes
{
    public static Task<Page<HierarchyNode>> GetPageAsync(ApiConnection api, string path, int page, int perPage, CancellationToken cancellationToken) =>
        Pagination.GetPageAsync(api, path, page, perPage, EnvelopeJsonContext.Default.PagedEnvelopeHierarchyNode, cancellationToken);

    public static Task<HierarchyNode> GetAsync(ApiConnection api, string path, CancellationToken cancellationToken) =>
        api.SendAsync(HttpMethod.Get, path, null, EnvelopeJsonContext.Default.DataEnvelopeHierarchyNode, idempotent: true, cancellationToken);

    public static Task<HierarchyNode> CreateAsync(ApiConnection api, string path, CreateNodeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return api.SendAsync(HttpMethod.Post, path, ApiConnection.Json(request, EnvelopeJsonContext.Default.CreateNodeRequest),
            EnvelopeJsonContext.Default.DataEnvelopeHierarchyNode, idempotent: false, cancellationToken);
    }

    public static Task<HierarchyNode> UpdateAsync(ApiConnection api, string path, UpdateNodeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return api.SendAsync(HttpMethod.Patch, path, ApiConnection.Json(request, EnvelopeJsonContext.Default.UpdateNodeRequest),
            EnvelopeJsonContext.Default.DataEnvelopeHierarchyNode, idempotent: false, cancellationToken);
    }
}
