using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Features.Organizations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Identity;

internal static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Identity");
        group.MapGet("/me", GetMe).WithName("GetMe").WithSummary("Who the token authenticates as");
        group.MapGet("/organizations", ListOrganizations).WithName("ListOrganizations").WithSummary("Organizations the caller can access");
        group.MapPost("/organizations", CreateOrganization).WithName("CreateOrganization").WithSummary("Create an organization (owner tokens only)");
        group.MapGet("/plans", ListPlans).WithName("ListPlans").WithSummary("The plan catalog").AllowAnonymous();
        return api;
    }

    /// <summary>The organization itself, at <c>/api/v1/{org}</c>.</summary>
    public static RouteGroupBuilder MapOrganizationInfoEndpoint(this RouteGroupBuilder organization)
    {
        organization.MapGet("/", GetOrganization).WithName("GetOrganization").WithSummary("The organization, its plan, usage and settings")
            .WithTags("Identity").RequireAbility(Abilities.OrganizationRead);
        return organization;
    }

    public static async Task<DataResponse<MeResponse>> GetMe(Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == caller.OrganizationId)
            .Select(o => new OrganizationSummary(o.Id, o.Name)).SingleAsync(cancellationToken);
        var projects = caller.ProjectIds is { } ids
            ? await db.Projects.Where(p => ids.Contains(p.Id)).OrderBy(p => p.Slug).Select(p => p.Slug).ToListAsync(cancellationToken)
            : null;
        return DataResponse.Of(new MeResponse(caller.IsUser ? "user" : "token", caller.UserId ?? caller.TokenId, caller.TokenName, organization,
            Abilities.All.Where(caller.Has).ToList(), projects, caller.ExpiresAt, caller.Role));
    }

    public static async Task<DataResponse<List<OrganizationSummary>>> ListOrganizations(Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        // An API token belongs to exactly one organization; a user sees every organization they are a member of.
        var ids = caller.IsUser
            ? await db.Memberships.Where(m => m.UserId == caller.UserId).Select(m => m.OrganizationId).ToListAsync(cancellationToken)
            : [caller.OrganizationId];
        var organizations = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Name)
            .Select(o => new OrganizationSummary(o.Id, o.Name)).ToListAsync(cancellationToken);
        return new PageRequest(1, PageRequest.MaxPerPage).ToPage(organizations);
    }

    public static async Task<Results<Created<DataResponse<CreatedOrganizationResponse>>, ApiErrorResult>> CreateOrganization(
        CreateOrganizationRequest request, Caller caller, OrganizationProvisioner provisioner, CancellationToken cancellationToken)
    {
        if (!caller.IsOwner && !caller.IsUser)
        {
            return ApiErrors.Forbidden("insufficient_permissions", "Only a signed-in user or an organization owner's token may create organizations.");
        }

        // A user becomes the new organization's owner; an owner token's caller gets the new organization's owner token.
        var created = await provisioner.CreateAsync(request.Name!, ownerUserId: caller.UserId, cancellationToken: cancellationToken);
        var organization = new OrganizationSummary(created.Organization.Id, created.Organization.Name);
        return TypedResults.Created($"/api/v1/{organization.Id}",
            DataResponse.Of(new CreatedOrganizationResponse(organization, created.OwnerToken), "Organization created. Store its owner token now: it is not shown again."));
    }

    public static async Task<Results<Ok<DataResponse<OrganizationResponse>>, ApiErrorResult>> GetOrganization(
        Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().Include(o => o.Plan).SingleAsync(o => o.Id == caller.OrganizationId, cancellationToken);
        var projects = await db.Projects.CountAsync(p => p.OrganizationId == caller.OrganizationId, cancellationToken);
        return TypedResults.Ok(DataResponse.Of(new OrganizationResponse(
            organization.Id, organization.Name, PlanResponse.From(organization.Plan!), new OrganizationUsage(projects), organization.CreatedAt,
            OrganizationSettingsResponse.From(organization))));
    }

    public static async Task<DataResponse<List<PlanResponse>>> ListPlans(EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var plans = await db.Plans.AsNoTracking().OrderBy(p => p.MaxProjects).ToListAsync(cancellationToken);
        return new PageRequest(1, PageRequest.MaxPerPage).ToPage(plans.Select(PlanResponse.From).ToList());
    }
}
