using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Features.Recovery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Environments;

internal static class EnvironmentsEndpoints
{
    private static readonly EnvironmentNodes Environments = new();

    public static RouteGroupBuilder MapEnvironmentsEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/{project}/{target}/environments").WithTags("Environments");

        group.MapGet("/", ListEnvironments).WithName("ListEnvironments").WithSummary("List a target's environments").RequireAbility(Abilities.EnvironmentRead);
        group.MapPost("/", CreateEnvironment).WithName("CreateEnvironment").WithSummary("Create an environment").RequireAbility(Abilities.EnvironmentCreate);
        group.MapGet("/{environment}", GetEnvironment).WithName("GetEnvironment").WithSummary("Get an environment").RequireAbility(Abilities.EnvironmentRead);
        group.MapMethods("/{environment}", [HttpMethods.Patch, HttpMethods.Put], UpdateEnvironment).WithName("UpdateEnvironment").WithSummary("Update an environment").RequireAbility(Abilities.EnvironmentUpdate);
        group.MapDelete("/{environment}", DeleteEnvironment).WithName("DeleteEnvironment").WithSummary("Delete an environment and its secrets into the recovery window (?permanent=true&confirm=<slug> erases at once)").RequireAbility(Abilities.EnvironmentDelete);
        return group;
    }

    public static async Task<Results<Ok<DataResponse<List<HierarchyNodeResponse>>>, ApiErrorResult>> ListEnvironments(
        string project, string target, Caller caller, PageRequest page, EnvelopeDbContext db, CancellationToken cancellationToken) =>
        await Environments.ListAsync(db, await db.FindTargetAsync(caller, project, target, cancellationToken), page, cancellationToken);

    public static async Task<Results<Created<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> CreateEnvironment(
        string project, string target, CreateHierarchyNodeRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        await Environments.CreateAsync(
            db, caller, await db.FindTargetAsync(caller, project, target, cancellationToken), $"{project}/{target}", request,
            (found, slug) => $"/api/v1/{caller.OrganizationId}/{project}/{found.Slug}/environments/{slug}", time, cancellationToken);

    public static async Task<Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> GetEnvironment(
        string project, string target, string environment, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken) =>
        Environments.Get(await db.FindEnvironmentAsync(caller, project, target, environment, cancellationToken));

    public static async Task<Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> UpdateEnvironment(
        string project, string target, string environment, UpdateHierarchyNodeRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        await Environments.UpdateAsync(db, caller, await db.FindEnvironmentAsync(caller, project, target, environment, cancellationToken), $"{project}/{target}", request, time, cancellationToken);

    public static async Task<Results<Ok<DataResponse<DeletedNodeResponse>>, NoContent, ApiErrorResult>> DeleteEnvironment(
        string project, string target, string environment, bool? permanent, string? confirm, Caller caller, EnvelopeDbContext db, NodeRemoval removal,
        HttpRequest request, CancellationToken cancellationToken)
    {
        var foundProject = await db.FindProjectAsync(caller, project, cancellationToken);
        var foundTarget = foundProject is null ? null : await db.FindTargetAsync(foundProject, target, cancellationToken);
        var found = foundTarget is null ? null : await db.FindEnvironmentAsync(foundTarget, environment, cancellationToken);
        return await NodeDeletion.DeleteAsync(
            removal, caller, RecoverableNode.EnvironmentKind, found is null ? null : RecoverableNode.Of(foundProject!, foundTarget!, found), request, permanent, confirm, cancellationToken);
    }
}
