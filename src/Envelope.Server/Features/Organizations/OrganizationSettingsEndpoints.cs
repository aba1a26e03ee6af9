using System.ComponentModel.DataAnnotations;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Organizations;

/// <summary>Changes the organization's settings: what is given, the rest as it was.</summary>
public sealed record UpdateOrganizationRequest(
    [property: Range(Organization.MinRecoveryWindowDays, Organization.MaxRecoveryWindowDays)] int? RecoveryWindowDays,
    [property: Range(Organization.MinTokenExpiryDays, Organization.MaxTokenExpiryDays)] int? DefaultTokenExpiryDays);

/// <summary>The organization's settings as read back, in <c>GET /api/v1/{org}</c> and after a change.</summary>
internal sealed record OrganizationSettingsResponse(int RecoveryWindowDays, int DefaultTokenExpiryDays)
{
    public static OrganizationSettingsResponse From(Organization organization) =>
        new(organization.RecoveryWindowDays, organization.DefaultTokenExpiryDays);
}

internal static class OrganizationSettingsEndpoints
{
    /// <summary>
    /// <c>PATCH /api/v1/{org}</c>. Each setting takes the ability of what it governs: a shorter recovery window destroys
    /// history sooner, so it takes <c>secret:purge</c> (owners, not admins); the default token expiry takes
    /// <c>token:manage</c>. The handler checks each field given, so one request cannot slip a setting past its ability.
    /// </summary>
    public static RouteGroupBuilder MapOrganizationSettingsEndpoint(this RouteGroupBuilder organization)
    {
        organization.MapPatch("/", UpdateOrganization).WithName("UpdateOrganization")
            .WithSummary("Change the organization's settings (recovery_window_days needs secret:purge, default_token_expiry_days token:manage)")
            .WithTags("Identity");
        return organization;
    }

    public static async Task<Results<Ok<DataResponse<OrganizationSettingsResponse>>, ApiErrorResult>> UpdateOrganization(
        UpdateOrganizationRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        // A setting of the whole organization is not for a token that sees only some of its projects.
        if (caller.IsProjectRestricted)
        {
            return ApiErrors.Forbidden("insufficient_permissions", "A project-restricted token cannot change the organization's settings.");
        }

        if (request.RecoveryWindowDays is not null && !caller.Has(Abilities.SecretPurge))
        {
            return ApiErrors.InsufficientPermissions(Abilities.SecretPurge);
        }

        if (request.DefaultTokenExpiryDays is not null && !caller.Has(Abilities.TokenManage))
        {
            return ApiErrors.InsufficientPermissions(Abilities.TokenManage);
        }

        var organization = await db.Organizations.SingleAsync(o => o.Id == caller.OrganizationId, cancellationToken);
        var changes = AuditChanges.Of(
            ("recovery_window_days", organization.RecoveryWindowDays, request.RecoveryWindowDays ?? organization.RecoveryWindowDays),
            ("default_token_expiry_days", organization.DefaultTokenExpiryDays, request.DefaultTokenExpiryDays ?? organization.DefaultTokenExpiryDays));

        // Both apply to later deletes and tokens; nodes already in the window keep their purge date, tokens their expiry.
        organization.RecoveryWindowDays = request.RecoveryWindowDays ?? organization.RecoveryWindowDays;
        organization.DefaultTokenExpiryDays = request.DefaultTokenExpiryDays ?? organization.DefaultTokenExpiryDays;
        if (changes.Count > 0)
        {
            AuditLog.Record(db, time, caller, AuditActions.OrganizationUpdate, null, organization.Name, changes);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DataResponse.Of(OrganizationSettingsResponse.From(organization), "Organization updated."));
    }
}
