using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Infrastructure;

namespace Envelope.Server.Operations;

public sealed record ProvisionedOrganization(Organization Organization, string OwnerToken);

/// <summary>Creates an organization together with its first owner token, in one transaction.</summary>
public sealed class OrganizationProvisioner(EnvelopeDbContext db, TimeProvider time)
{
    public async Task<ProvisionedOrganization> CreateAsync(string name, string planName = Plan.Default, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var organization = new Organization { Id = Ids.New(time), Name = name, PlanName = planName, CreatedAt = now };
        var plaintext = ApiTokenSecret.Generate();
        db.Organizations.Add(organization);
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
