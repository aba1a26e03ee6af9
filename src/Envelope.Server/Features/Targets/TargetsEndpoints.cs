using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Features.Recovery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Targets;

internal static class TargetsEndpoints
{
    private static readonly TargetNodes Targets = new();

    public static RouteGroupBuilder MapTargetsEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/{project}/targets").WithTags("Targets");

        group.MapGet("/", ListTargets).WithName("ListTargets").WithSummary("List a project's targets").RequireAbility(Abilities.TargetRead);
        group.MapPost("/", CreateTarget).WithName("CreateTarget").WithSummary("Create a target").RequireAbility(Abilities.TargetCreate);
        group.MapGet("/{target}", GetTarget).WithName("GetTarget").WithSummary("Get a target").RequireAbility(Abilities.TargetRead);
        group.MapMethods("/{target}", [HttpMethods.Patch, HttpMethods.Put], UpdateTarget).WithName("UpdateTarget").WithSummary("Update a target").RequireAbility(Abilities.TargetUpdate);
        group.MapDelete("/{target}", DeleteTarget).WithName("DeleteTarget").WithSummary("Delete a target with its environments and secrets into the recovery window (?permanent=true&confirm=<slug> erases at once)").RequireAbility(Abilities.TargetDelete);
        return group;
    }

    public static async Task<Results<Ok<DataResponse<List<HierarchyNodeResponse>>>, ApiErrorResult>> ListTargets(
        string project, Caller caller, PageRequest page, EnvelopeDbContext db, CancellationToken cancellationToken) =>
        await Targets.ListAsync(db, await db.FindProjectAsync(caller, project, cancellationToken), page, cancellationToken);

    public static async Task<Results<Created<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> CreateTarget(
        string project, CreateHierarchyNodeRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        await Targets.CreateAsync(
            db, caller, await db.FindProjectAsync(caller, project, cancellationToken), project, request,
            (found, slug) => $"/api/v1/{caller.OrganizationId}/{found.Slug}/targets/{slug}", time, cancellationToken);

    public static async Task<Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> GetTarget(
        string project, string target, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken) =>
        Targets.Get(await db.FindTargetAsync(caller, project, target, cancellationToken));

    public static async Task<Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> UpdateTarget(
        string project, string target, UpdateHierarchyNodeRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        await Targets.UpdateAsync(db, caller, await db.FindTargetAsync(caller, project, target, cancellationToken), project, request, time, cancellationToken);

    public static async Task<Results<Ok<DataResponse<DeletedNodeResponse>>, NoContent, ApiErrorResult>> DeleteTarget(
        string project, string target, bool? permanent, string? confirm, Caller caller, EnvelopeDbContext db, NodeRemoval removal, HttpRequest request, CancellationToken cancellationToken)
    {
        var foundProject = await db.FindProjectAsync(caller, project, cancellationToken);
        var found = foundProject is null ? null : await db.FindTargetAsync(foundProject, target, cancellationToken);
        return await NodeDeletion.DeleteAsync(removal, caller, RecoverableNode.TargetKind, found is null ? null : RecoverableNode.Of(foundProject!, found), request, permanent, confirm, cancellationToken);
    }
}
