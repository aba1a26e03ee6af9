using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Hierarchy;

/// <summary>
/// The create, read, update and delete that targets and environments share: each is a node with a slug, a name and a
/// description under a parent (a target under its project, an environment under its target). A subclass says where a
/// kind's rows are and how one is made. The endpoints find the parent or the node from their own route and pass it
/// here, null when the caller cannot reach it, so each keeps its own route, parameters and OpenAPI operation.
/// </summary>
internal abstract class HierarchyNodes<TParent, TNode>(string kind, string parentKind)
    where TParent : class
    where TNode : class
{
    /// <summary>"Target" for "target": the kind at the start of a message.</summary>
    private readonly string title = char.ToUpperInvariant(kind[0]) + kind[1..];

    /// <summary>The parent's nodes, ordered by slug.</summary>
    protected abstract IQueryable<TNode> ChildrenOf(EnvelopeDbContext db, TParent parent);

    protected abstract TNode New(TParent parent, string id, string slug, string name, string? description, DateTimeOffset now);

    protected abstract void Change(TNode node, string slug, string name, string? description, DateTimeOffset now);

    protected abstract HierarchyNodeResponse Describe(TNode node);

    /// <summary>The node of this kind in the recovery window that holds <paramref name="slug"/> under the parent, if any.</summary>
    protected abstract Task<IRecoverable?> DeletedSiblingAsync(EnvelopeDbContext db, string parentId, string slug, CancellationToken cancellationToken);

    protected abstract string IdOf(TParent parent);

    protected abstract string ParentIdOf(TNode node);

    /// <summary>The project a node under <paramref name="parent"/> belongs to, for its audit events.</summary>
    protected abstract string ProjectIdOf(TParent parent);

    protected abstract Task<string> ProjectIdOfAsync(EnvelopeDbContext db, TNode node, CancellationToken cancellationToken);

    public async Task<Results<Ok<DataResponse<List<HierarchyNodeResponse>>>, ApiErrorResult>> ListAsync(
        EnvelopeDbContext db, TParent? parent, PageRequest page, CancellationToken cancellationToken) =>
        parent is null
            ? ApiErrors.NotFound(parentKind)
            : TypedResults.Ok(await page.ToPageAsync(ChildrenOf(db, parent).AsNoTracking(), Describe, cancellationToken));

    /// <summary>
    /// Creates a node under <paramref name="parent"/>, audited as <c>{kind}.create</c> in the same save;
    /// <paramref name="parentPath"/> is the parent's path (<c>my-app</c>, <c>my-app/backend</c>) and
    /// <paramref name="location"/> makes the node's URL from the parent and its slug.
    /// </summary>
    public async Task<Results<Created<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> CreateAsync(
        EnvelopeDbContext db, Caller caller, TParent? parent, string parentPath, CreateHierarchyNodeRequest request, Func<TParent, string, string> location,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (parent is null)
        {
            return ApiErrors.NotFound(parentKind);
        }

        var slug = request.Slug ?? Slugs.FromName(request.Name!);
        if (Slugs.Problem(slug) is { } problem)
        {
            return ApiErrors.Validation("slug", problem);
        }

        if (await ReservedAsync(db, IdOf(parent), slug, cancellationToken) is { } reserved)
        {
            return reserved;
        }

        var now = time.GetUtcNow();
        var node = New(parent, Ids.New(time), slug, request.Name!, request.Description, now);
        db.Add(node);
        var created = Describe(node);
        AuditLog.Record(db, time, caller, $"{kind}.create", ProjectIdOf(parent), $"{parentPath}/{slug}", new { node_id = created.Id, name = created.Name });
        if (await HierarchySaves.TrySaveAsync(db, slug, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Created(location(parent, slug), DataResponse.Of(Describe(node), $"{title} created."));
    }

    public Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult> Get(TNode? node) =>
        node is null ? ApiErrors.NotFound(kind) : TypedResults.Ok(DataResponse.Of(Describe(node)));

    /// <summary>Changes a node's slug, name or description; a change is audited as <c>{kind}.update</c> with each field's from and to.</summary>
    public async Task<Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> UpdateAsync(
        EnvelopeDbContext db, Caller caller, TNode? node, string parentPath, UpdateHierarchyNodeRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        if (node is null)
        {
            return ApiErrors.NotFound(kind);
        }

        var current = Describe(node);
        var slug = request.Slug ?? current.Slug;
        if (slug != current.Slug && await ReservedAsync(db, ParentIdOf(node), slug, cancellationToken) is { } reserved)
        {
            return reserved;
        }

        Change(node, slug, request.Name ?? current.Name, request.Description ?? current.Description, time.GetUtcNow());
        var changed = Describe(node);
        if (HierarchyChanges.Of(current, changed) is { Count: > 0 } changes)
        {
            AuditLog.Record(db, time, caller, $"{kind}.update", await ProjectIdOfAsync(db, node, cancellationToken), $"{parentPath}/{changed.Slug}", changes);
        }

        if (await HierarchySaves.TrySaveAsync(db, slug, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Ok(DataResponse.Of(Describe(node), $"{title} updated."));
    }

    private async Task<ApiErrorResult?> ReservedAsync(EnvelopeDbContext db, string parentId, string slug, CancellationToken cancellationToken) =>
        await DeletedSiblingAsync(db, parentId, slug, cancellationToken) is { } holder ? HierarchySaves.Reserved(kind, holder) : null;
}
