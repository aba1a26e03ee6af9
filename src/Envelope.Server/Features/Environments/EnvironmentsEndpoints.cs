using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Envelope.Server.Features.Environments;

public static class EnvironmentsEndpoints
{
    public static RouteGroupBuilder MapEnvironmentsEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/{project}/{target}/environments").WithTags("Environments");

        group.MapGet("/", ListEnvironments).WithName("ListEnvironments").WithSummary("List a target's environments").RequireAbility(Abilities.EnvironmentRead);
        group.MapPost("/", CreateEnvironment).WithName("CreateEnvironment").WithSummary("Create an environment").RequireAbility(Abilities.EnvironmentCreate);
        group.MapGet("/{environment}", GetEnvironment).WithName("GetEnvironment").WithSummary("Get an environment").RequireAbility(Abilities.EnvironmentRead);
        group.MapMethods("/{environment}", [HttpMethods.Patch, HttpMethods.Put], UpdateEnvironment).WithName("UpdateEnvironment").WithSummary("Update an environment").RequireAbility(Abilities.EnvironmentUpdate);
        group.MapDelete("/{environment}", DeleteEnvironment).WithName("DeleteEnvironment").WithSummary("Delete an environment and its secrets").RequireAbility(Abilities.EnvironmentDelete);
        return group;
    }

    public static async Task<Results<Ok<DataResponse<List<HierarchyNodeResponse>>>, ApiErrorResult>> ListEnvironments(
        string project, string target, Caller caller, PageRequest page, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        if (await db.FindTargetAsync(caller, project, target, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("target");
        }

        var environments = db.Environments.AsNoTracking().Where(e => e.TargetId == found.Id).OrderBy(e => e.Slug);
        return TypedResults.Ok(await page.ToPageAsync(environments, HierarchyNodeResponse.From, cancellationToken));
    }

    public static async Task<Results<Created<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> CreateEnvironment(
        string project, string target, CreateHierarchyNodeRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.FindTargetAsync(caller, project, target, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("target");
        }

        var slug = request.Slug ?? Slugs.FromName(request.Name!);
        if (Slugs.Problem(slug) is { } problem)
        {
            return ApiErrors.Validation("slug", problem);
        }

        var now = time.GetUtcNow();
        var environment = new TargetEnvironment
        {
            Id = Ids.New(time), TargetId = found.Id, Slug = slug, Name = request.Name!, Description = request.Description,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Environments.Add(environment);
        if (await HierarchySaves.TrySaveAsync(db, slug, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Created($"/api/v1/{caller.OrganizationId}/{project}/{found.Slug}/environments/{slug}", DataResponse.Of(HierarchyNodeResponse.From(environment), "Environment created."));
    }

    public static async Task<Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> GetEnvironment(
        string project, string target, string environment, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(db, caller, project, target, environment, cancellationToken) is { } found
            ? TypedResults.Ok(DataResponse.Of(HierarchyNodeResponse.From(found)))
            : ApiErrors.NotFound("environment");

    public static async Task<Results<Ok<DataResponse<HierarchyNodeResponse>>, ApiErrorResult>> UpdateEnvironment(
        string project, string target, string environment, UpdateHierarchyNodeRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, caller, project, target, environment, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("environment");
        }

        found.Name = request.Name ?? found.Name;
        found.Slug = request.Slug ?? found.Slug;
        found.Description = request.Description ?? found.Description;
        found.UpdatedAt = time.GetUtcNow();
        if (await HierarchySaves.TrySaveAsync(db, found.Slug, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Ok(DataResponse.Of(HierarchyNodeResponse.From(found), "Environment updated."));
    }

    public static async Task<Results<NoContent, ApiErrorResult>> DeleteEnvironment(
        string project, string target, string environment, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, caller, project, target, environment, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("environment");
        }

        await db.Environments.Where(e => e.Id == found.Id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<TargetEnvironment?> FindAsync(
        EnvelopeDbContext db, Caller caller, string project, string target, string environment, CancellationToken cancellationToken) =>
        await db.FindTargetAsync(caller, project, target, cancellationToken) is { } found
            ? await db.FindEnvironmentAsync(found, environment, cancellationToken)
            : null;
}
