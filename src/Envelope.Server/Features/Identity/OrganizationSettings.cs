using System.ComponentModel.DataAnnotations;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Identity;

/// <summary>The organization's settings as read back.</summary>
internal sealed record OrganizationSettingsResponse(int DefaultTokenExpiryDays);

/// <summary><c>PATCH /api/v1/{org}</c>: absent fields are left as they are.</summary>
public sealed record UpdateOrganizationRequest(
    [property: Range(Organization.MinTokenExpiryDays, Organization.MaxTokenExpiryDays)] int? DefaultTokenExpiryDays);

internal static class OrganizationSettings
{
    public static async Task<Results<Ok<DataResponse<OrganizationSettingsResponse>>, ApiErrorResult>> UpdateAsync(
        UpdateOrganizationRequest request, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        // A setting of the whole organization is not for a token that sees only some of its projects.
        if (caller.IsProjectRestricted)
        {
            return ApiErrors.Forbidden("insufficient_permissions", "A project-restricted token cannot change the organization's settings.");
        }

        var organization = await db.Organizations.SingleAsync(o => o.Id == caller.OrganizationId, cancellationToken);
        if (request.DefaultTokenExpiryDays is { } days)
        {
            organization.DefaultTokenExpiryDays = days;
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DataResponse.Of(new OrganizationSettingsResponse(organization.DefaultTokenExpiryDays)));
    }
}
