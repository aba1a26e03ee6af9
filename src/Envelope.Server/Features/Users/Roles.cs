using Envelope.Server.Auth;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Users;

/// <summary>What each membership role may do, as abilities (docs/users.md).</summary>
internal static class Roles
{
    private static readonly string[] MemberAbilities =
    [
        Abilities.ProjectRead, Abilities.TargetRead, Abilities.EnvironmentRead,
        Abilities.SecretRead, Abilities.SecretWrite, Abilities.SecretDecrypt, Abilities.SecretHistory, Abilities.SecretRestore,
        Abilities.KeyRetrieve, Abilities.OrganizationRead,
    ];

    // Admins run the organization's projects but cannot destroy history or keys, read the audit trail, nor end
    // other people's sessions.
    private static readonly string[] AdminAbilities =
        [.. Abilities.All.Where(a => a is not (Abilities.SecretPurge or Abilities.KeyRotate or Abilities.AuditRead or Abilities.SessionManage))];

    public static IReadOnlyList<string> AbilitiesOf(MembershipRole role) => role switch
    {
        MembershipRole.Owner => Abilities.All,
        MembershipRole.Admin => AdminAbilities,
        _ => MemberAbilities,
    };

    public static string Name(MembershipRole role) => role.ToString().ToLowerInvariant();
}
