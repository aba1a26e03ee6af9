using System.Security.Claims;
using Envelope.Server.Auth;
using Envelope.Server.Data.Entities;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.Users;

/// <summary>The claims that make a signed-in person a caller of one organization, with the abilities of their role there.</summary>
internal static class UserClaims
{
    public static void Add(ClaimsIdentity identity, string userId, string email, Membership membership)
    {
        identity.AddClaim(new Claim(Claims.Subject, userId));
        identity.AddClaim(new Claim(EnvelopeClaims.Organization, membership.OrganizationId));
        identity.AddClaim(new Claim(EnvelopeClaims.Token, userId));
        identity.AddClaim(new Claim(EnvelopeClaims.TokenName, email));
        identity.AddClaim(new Claim(EnvelopeClaims.User, userId));
        identity.AddClaim(new Claim(EnvelopeClaims.Role, Roles.Name(membership.Role)));
        if (membership.Role == MembershipRole.Owner)
        {
            identity.AddClaim(new Claim(EnvelopeClaims.Owner, "true"));
        }

        foreach (var ability in Roles.AbilitiesOf(membership.Role))
        {
            identity.AddClaim(new Claim(EnvelopeClaims.Ability, ability));
        }
    }
}
