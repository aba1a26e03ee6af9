using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;

namespace Envelope.Server.Features.Organizations;

/// <summary>
/// Creates an organization together with its owner, in one transaction: a user made owner, or else a new owner token.
/// </summary>
internal sealed class OrganizationProvisioner(EnvelopeDbContext db, TimeProvider time)
{
    public async Task<ProvisionedOrganization> CreateAsync(string name, string planName = Plan.Default, string? ownerUserId = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var organization = new Organization { Id = Ids.New(time), Name = name, PlanName = planName, CreatedAt = now };
        db.Organizations.Add(organization);
        // The first event of the organization's chain: made by no token (the operator's command, or a sign-up).
        AuditLog.Record(db, time, organization.Id, null, AuditActions.OrganizationCreate, null, name,
            new { plan = planName, owner = ownerUserId is null ? "token" : "user", owner_user_id = ownerUserId });
        if (ownerUserId is not null)
        {
            db.Memberships.Add(new Membership { UserId = ownerUserId, OrganizationId = organization.Id, Role = MembershipRole.Owner, CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
            return new ProvisionedOrganization(organization, null);
        }

        var plaintext = ApiTokenSecret.Generate();
        db.ApiTokens.Add(new ApiToken
        {
            Id = Ids.New(time),
            OrganizationId = organization.Id,
            Name = "owner",
            TokenHash = ApiTokenSecret.Hash(plaintext),
            DisplayPrefix = ApiTokenSecret.DisplayPrefix(plaintext),
            Abilities = string.Join(' ', Abilities.All),
            IsOwner = true,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new ProvisionedOrganization(organization, plaintext);
    }
}
