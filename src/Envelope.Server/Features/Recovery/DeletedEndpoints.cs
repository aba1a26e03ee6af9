using Envelope.Server.Auth;
using Envelope.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Recovery;

/// <summary>
/// The recovery window: <c>/api/v1/{org}/deleted</c> lists deleted projects, targets and environments; one of them is
/// restored whole or purged at once. Restoring needs the node kind's delete ability (whoever may delete it may undo
/// that); purging needs <c>secret:purge</c> as well, so an admin can restore but never destroy history.
/// </summary>
internal static class DeletedEndpoints
{
    public static RouteGroupBuilder MapDeletedEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/deleted").WithTags("Recovery");
        group.MapGet("/", ListDeleted).WithName("ListDeleted").WithSummary("List deleted projects, targets and environments still in the recovery window").RequireAbility(Abilities.ProjectRead);
        group.MapPost("/{id}/restore", RestoreDeleted).WithName("RestoreDeleted")
            .WithSummary("Restore a deleted node with everything under it (needs the node kind's delete ability)");
        group.MapDelete("/{id}", PurgeDeleted).WithName("PurgeDeleted")
            .WithSummary("Purge a deleted node now, for good (needs the node kind's delete ability, secret:purge and ?confirm=<slug>)");
        return organization;
    }

    public static async Task<DataResponse<List<DeletedNodeResponse>>> ListDeleted(
        Caller caller, PageRequest page, EnvelopeDbContext db, NodeRemoval removal, CancellationToken cancellationToken)
    {
        var nodes = (await DeletedNodes.InWindowAsync(db, caller.OrganizationId, cancellationToken)).Where(n => caller.CanReach(n.ProjectId)).ToList();
        var shown = page.ToPage(nodes);
        var versions = await removal.CountVersionsAsync(shown.Data, cancellationToken);
        var described = shown.Data.Select((node, i) => DeletedNodeResponse.From(node, versions[i])).ToList();
        return new DataResponse<List<DeletedNodeResponse>>(described, shown.Message, shown.Meta);
    }

    public static async Task<Results<Ok<DataResponse<DeletedNodeResponse>>, ApiErrorResult>> RestoreDeleted(
        string id, Caller caller, EnvelopeDbContext db, NodeRemoval removal, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, caller, id, cancellationToken) is not { } node)
        {
            return ApiErrors.NotFound("deleted node");
        }

        if (!caller.Has(node.DeleteAbility))
        {
            return ApiErrors.InsufficientPermissions(node.DeleteAbility);
        }

        var versions = await removal.CountVersionsAsync(node, cancellationToken);
        var shown = DeletedNodeResponse.From(node, versions);
        if (await removal.RestoreAsync(caller, node, cancellationToken) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(DataResponse.Of(shown, $"{node.Path} restored with its {versions} version(s)."));
    }

    public static async Task<Results<NoContent, ApiErrorResult>> PurgeDeleted(
        string id, string? confirm, Caller caller, EnvelopeDbContext db, NodeRemoval removal, HttpRequest request, CancellationToken cancellationToken)
    {
        var (options, invalid) = await DestructiveOptions.ReadAsync(request, new(Confirm: confirm), ["confirm"], cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        confirm = options.Confirm;
        if (await FindAsync(db, caller, id, cancellationToken) is not { } node)
        {
            return ApiErrors.NotFound("deleted node");
        }

        if (!caller.Has(node.DeleteAbility))
        {
            return ApiErrors.InsufficientPermissions(node.DeleteAbility);
        }

        if (NodeDeletion.ConfirmDestruction(caller, node, confirm) is { } refused)
        {
            return refused;
        }

        await removal.DestroyAsync(caller, node, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<RecoverableNode?> FindAsync(EnvelopeDbContext db, Caller caller, string id, CancellationToken cancellationToken) =>
        await DeletedNodes.FindAsync(db, caller.OrganizationId, id, cancellationToken) is { } node && caller.CanReach(node.ProjectId) ? node : null;
}
