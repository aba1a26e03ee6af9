using System.ComponentModel.DataAnnotations;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Organizations;

/// <summary>Changes the organization's settings: what is given, the rest as it was.</summary>
public sealed record UpdateOrganizationRequest(
    [property: Range(Organization.MinRecoveryWindowDays, Organization.MaxRecoveryWindowDays)] int? RecoveryWindowDays);

internal sealed record OrganizationSettingsResponse(string Id, string Name, int RecoveryWindowDays)
{
    public string Type => "organization";
}

internal static class OrganizationSettingsEndpoints
{
    /// <summary>
    /// <c>PATCH /api/v1/{org}</c>. A shorter recovery window destroys history sooner, so it takes <c>secret:purge</c>,
    /// the ability that destroys history: owners have it, admins do not.
    /// </summary>
    public static RouteGroupBuilder MapOrganizationSettingsEndpoint(this RouteGroupBuilder organization)
    {
        organization.MapPatch("/", UpdateOrganization).WithName("UpdateOrganization")
            .WithSummary("Change the organization's settings (the recovery window of deleted nodes)").WithTags("Identity")
            .RequireAbility(Abilities.SecretPurge);
        return organization;
    }

    public static async Task<Ok<DataResponse<OrganizationSettingsResponse>>> UpdateOrganization(
        UpdateOrganizationRequest request, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.SingleAsync(o => o.Id == caller.OrganizationId, cancellationToken);
        // Applies to later deletes; nodes already in the window keep the purge date they were given.
        organization.RecoveryWindowDays = request.RecoveryWindowDays ?? organization.RecoveryWindowDays;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DataResponse.Of(
            new OrganizationSettingsResponse(organization.Id, organization.Name, organization.RecoveryWindowDays), "Organization updated."));
    }
}
