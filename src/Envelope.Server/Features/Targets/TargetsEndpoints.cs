using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Envelope.Server.Features.Targets;

public static class TargetsEndpoints
{
    public static RouteGroupBuilder MapTargetsEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/{project}/targets").WithTags("Targets");

        group.MapGet("/", ListTargets).WithName("ListTargets").WithSummary("List a project's targets").RequireAbility(Abilities.TargetRead);
        group.MapPost("/", CreateTarget).WithName("CreateTarget").WithSummary("Create a target").RequireAbility(Abilities.TargetCreate);
        group.MapGet("/{target}", GetTarget).WithName("GetTarget").WithSummary("Get a target").RequireAbility(Abilities.TargetRead);
        group.MapMethods("/{target}", [HttpMethods.Patch, HttpMethods.Put], UpdateTarget).WithName("UpdateTarget").WithSummary("Update a target").RequireAbility(Abilities.TargetUpdate);
        group.MapDelete("/{target}", DeleteTarget).WithName("DeleteTarget").WithSummary("Delete a target, its environments and secrets").RequireAbility(Abilities.TargetDelete);
        return group;
    }

    public static async Task<Results<Ok<DataResponse<List<HierarchyNodeResponse>>>, ApiErrorResult>> ListTargets(
        string project, Caller caller, PageRequest page, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        var targets = db.Targets.AsNoTracking().Where(t => t.ProjectId == found.Id).OrderBy(t => t.Slug);
        return TypedResults.Ok(await page.ToPageAsync(targets, HierarchyNodeResponse.From, cancellationToken));
    }

    public static async Task<Results<Created<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> CreateTarget(
        string project, CreateHierarchyNodeRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        var slug = request.Slug ?? Slugs.FromName(request.Name!);
        if (Slugs.Problem(slug) is { } problem)
        {
            return ApiErrors.Validation("slug", problem);
        }

        var now = time.GetUtcNow();
        var target = new Target
        {
            Id = Ids.New(time), ProjectId = found.Id, Slug = slug, Name = request.Name!, Description = request.Description,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Targets.Add(target);
        if (await HierarchySaves.TrySaveAsync(db, slug, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Created($"/api/v1/{caller.OrganizationId}/{found.Slug}/targets/{slug}", DataResponse.Of(HierarchyNodeResponse.From(target), "Target created."));
    }

    public static async Task<Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> GetTarget(
        string project, string target, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken) =>
        await db.FindTargetAsync(caller, project, target, cancellationToken) is { } found
            ? TypedResults.Ok(DataResponse.Of(HierarchyNodeResponse.From(found)))
            : ApiErrors.NotFound("target");

    public static async Task<Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> UpdateTarget(
        string project, string target, UpdateHierarchyNodeRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.FindTargetAsync(caller, project, target, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("target");
        }

        found.Name = request.Name ?? found.Name;
        found.Slug = request.Slug ?? found.Slug;
        found.Description = request.Description ?? found.Description;
        found.UpdatedAt = time.GetUtcNow();
        if (await HierarchySaves.TrySaveAsync(db, found.Slug, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Ok(DataResponse.Of(HierarchyNodeResponse.From(found), "Target updated."));
    }

    public static async Task<Results<NoContent, ApiErrorResult>> DeleteTarget(
        string project, string target, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        if (await db.FindTargetAsync(caller, project, target, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("target");
        }

        await db.Targets.Where(t => t.Id == found.Id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
