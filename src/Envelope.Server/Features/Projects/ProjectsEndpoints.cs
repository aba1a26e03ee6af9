using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Features.Recovery;
using Envelope.Server.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Projects;

internal static class ProjectsEndpoints
{
    public static RouteGroupBuilder MapProjectsEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/projects").WithTags("Projects");

        group.MapGet("/", ListProjects).WithName("ListProjects").WithSummary("List projects").RequireAbility(Abilities.ProjectRead);
        group.MapPost("/", CreateProject).WithName("CreateProject").WithSummary("Create a project").RequireAbility(Abilities.ProjectCreate);
        group.MapGet("/{project}", GetProject).WithName("GetProject").WithSummary("Get a project").RequireAbility(Abilities.ProjectRead);
        group.MapMethods("/{project}", [HttpMethods.Patch, HttpMethods.Put], UpdateProject).WithName("UpdateProject").WithSummary("Update a project").RequireAbility(Abilities.ProjectUpdate);
        group.MapDelete("/{project}", DeleteProject).WithName("DeleteProject").WithSummary("Delete a project with its targets, environments and secrets into the recovery window (?permanent=true&confirm=<slug> erases at once)").RequireAbility(Abilities.ProjectDelete);
        return group;
    }

    public static Task<DataResponse<List<ProjectResponse>>> ListProjects(Caller caller, PageRequest page, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var projects = db.Projects.AsNoTracking().Where(p => p.OrganizationId == caller.OrganizationId);
        if (caller.ProjectIds is { } reachable)
        {
            projects = projects.Where(p => reachable.Contains(p.Id));
        }

        return page.ToPageAsync(projects.OrderBy(p => p.Slug), p => ProjectResponse.From(p), cancellationToken);
    }

    public static async Task<Results<Created<DataResponse<ProjectResponse>>, ApiErrorResult>> CreateProject(
        CreateProjectRequest request, Caller caller, EnvelopeDbContext db, DataKeys dataKeys, TimeProvider time, CancellationToken cancellationToken)
    {
        if (caller.IsProjectRestricted)
        {
            return ApiErrors.Forbidden("insufficient_permissions", "A token restricted to some projects cannot create projects.");
        }

        var slug = request.Slug ?? Slugs.FromName(request.Name!);
        if (Slugs.Problem(slug) is { } slugProblem)
        {
            return ApiErrors.Validation("slug", slugProblem);
        }

        if (await ReservedAsync(db, caller.OrganizationId, slug, cancellationToken) is { } reserved)
        {
            return reserved;
        }

        var keyManagement = request.KeyManagement ?? KeyManagement.Server;
        if (ProjectKeyCheck.Validate(keyManagement, request) is { } keyProblems)
        {
            return ApiErrors.Validation(keyProblems);
        }

        if (PassphraseKdfMetadata.Validate(request.Kdf) is { } kdfProblem)
        {
            return kdfProblem;
        }

        // Creates in one organization queue on its row (a write that changes nothing, but takes the row's lock, and on
        // SQLite the database's) before counting, so two creates at the plan's limit cannot both see room for one more.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Organizations.Where(o => o.Id == caller.OrganizationId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.PlanName, o => o.PlanName), cancellationToken);
        var plan = await db.Organizations.Where(o => o.Id == caller.OrganizationId).Select(o => o.Plan!).SingleAsync(cancellationToken);
        // Projects in the recovery window count: a restore must not take the organization past its plan.
        var count = await db.Projects.IgnoreQueryFilters().CountAsync(p => p.OrganizationId == caller.OrganizationId, cancellationToken);
        if (count >= plan.MaxProjects)
        {
            return ApiErrors.Forbidden("plan_limit_reached", $"The {plan.DisplayName} plan allows {plan.MaxProjects} projects.",
                new Dictionary<string, object?> { ["plan"] = plan.Name, ["max_projects"] = plan.MaxProjects });
        }

        var now = time.GetUtcNow();
        var project = new Project
        {
            Id = Ids.New(time),
            OrganizationId = caller.OrganizationId,
            Slug = slug,
            Name = request.Name!,
            Description = request.Description,
            KeyManagement = keyManagement,
            KeyCheck = ProjectKeyCheck.Decode(request.KeyCheck),
            KeyCheckSalt = ProjectKeyCheck.Decode(request.KeyCheckSalt),
            KeyCheckIterations = request.KeyCheckIterations,
            HistoryPolicy = request.HistoryPolicy ?? HistoryPolicy.Keep,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Projects.Add(project);
        ProjectKey? currentKey = null;
        if (keyManagement == KeyManagement.Server)
        {
            // Only the wrapped key is stored now; the plaintext is zeroed at once.
            dataKeys.Create(db, project.Id, project.CurrentKeyVersion).Dispose();
        }
        else
        {
            currentKey = new ProjectKey
            {
                ProjectId = project.Id, Version = project.CurrentKeyVersion, CreatedAt = now,
                KeyCheck = project.KeyCheck, KeyCheckSalt = project.KeyCheckSalt, KeyCheckIterations = project.KeyCheckIterations,
            }.WithKdf(request.Kdf);
            db.ProjectKeys.Add(currentKey);
        }

        AuditLog.Record(db, time, caller, AuditActions.ProjectCreate, project.Id, slug, new { key_management = keyManagement.ToString().ToLowerInvariant() });
        if (await HierarchySaves.TrySaveAsync(db, slug, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/{caller.OrganizationId}/projects/{slug}", DataResponse.Of(ProjectResponse.From(project, currentKey), "Project created."));
    }

    public static async Task<Results<Ok<DataResponse<ProjectResponse>>, ApiErrorResult>> GetProject(
        string project, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        var currentKey = found.KeyManagement == KeyManagement.Client
            ? await db.ProjectKeys.AsNoTracking().SingleOrDefaultAsync(k => k.ProjectId == found.Id && k.Version == found.CurrentKeyVersion, cancellationToken)
            : null;
        return TypedResults.Ok(DataResponse.Of(ProjectResponse.From(found, currentKey)));
    }

    public static async Task<Results<Ok<DataResponse<ProjectResponse>>, ApiErrorResult>> UpdateProject(
        string project, UpdateProjectRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        if (request.Slug is { } newSlug && newSlug != found.Slug && await ReservedAsync(db, caller.OrganizationId, newSlug, cancellationToken) is { } reserved)
        {
            return reserved;
        }

        var before = (found.Slug, found.Name, found.Description, found.HistoryPolicy);
        found.Name = request.Name ?? found.Name;
        found.Slug = request.Slug ?? found.Slug;
        found.Description = request.Description ?? found.Description;
        found.HistoryPolicy = request.HistoryPolicy ?? found.HistoryPolicy;
        found.UpdatedAt = time.GetUtcNow();
        var changes = AuditChanges.Of(
            ("slug", before.Slug, found.Slug), ("name", before.Name, found.Name), ("description", before.Description, found.Description),
            ("history_policy", Policy(before.HistoryPolicy), Policy(found.HistoryPolicy)));
        if (changes.Count > 0)
        {
            AuditLog.Record(db, time, caller, AuditActions.ProjectUpdate, found.Id, found.Slug, changes);
        }

        if (await HierarchySaves.TrySaveAsync(db, found.Slug, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Ok(DataResponse.Of(ProjectResponse.From(found), "Project updated."));
    }

    public static async Task<Results<Ok<DataResponse<DeletedNodeResponse>>, NoContent, ApiErrorResult>> DeleteProject(
        string project, bool? permanent, string? confirm, Caller caller, EnvelopeDbContext db, NodeRemoval removal, HttpRequest request, CancellationToken cancellationToken)
    {
        // In the window, the project's keys stay (a restore decrypts again); its purge takes them with the rest.
        var found = await db.FindProjectAsync(caller, project, cancellationToken);
        return await NodeDeletion.DeleteAsync(removal, caller, RecoverableNode.ProjectKind, found is null ? null : RecoverableNode.Of(found), request, permanent, confirm, cancellationToken);
    }

    private static string Policy(HistoryPolicy policy) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(policy.ToString());

    private static async Task<ApiErrorResult?> ReservedAsync(EnvelopeDbContext db, string organizationId, string slug, CancellationToken cancellationToken) =>
        await db.Projects.IgnoreQueryFilters().FirstOrDefaultAsync(p => p.OrganizationId == organizationId && p.Slug == slug && p.DeletedAt != null, cancellationToken) is { } holder
            ? HierarchySaves.Reserved(RecoverableNode.ProjectKind, holder)
            : null;
}
