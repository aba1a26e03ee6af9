namespace Envelope.Server.Auth;

/// <summary>Every ability a token can hold. Endpoints name the one they need with <c>RequireAbility</c>.</summary>
internal static class Abilities
{
    public const string ProjectRead = "project:read";
    public const string ProjectCreate = "project:create";
    public const string ProjectUpdate = "project:update";
    public const string ProjectDelete = "project:delete";
    public const string TargetRead = "target:read";
    public const string TargetCreate = "target:create";
    public const string TargetUpdate = "target:update";
    public const string TargetDelete = "target:delete";
    public const string EnvironmentRead = "environment:read";
    public const string EnvironmentCreate = "environment:create";
    public const string EnvironmentUpdate = "environment:update";
    public const string EnvironmentDelete = "environment:delete";
    public const string SecretRead = "secret:read";
    public const string SecretWrite = "secret:write";
    public const string SecretDecrypt = "secret:decrypt";
    public const string SecretHistory = "secret:history";
    public const string SecretRestore = "secret:restore";
    public const string SecretPurge = "secret:purge";
    public const string KeyRetrieve = "key:retrieve";
    public const string KeyRotate = "key:rotate";
    public const string TokenManage = "token:manage";

    /// <summary>Reads the audit trail; beyond the specification's list, so the trail is not open to every token.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>
    /// Reads the organization and its usage; beyond the specification's list. Tokens from before it existed were given
    /// it by the migration that added it, since any token could read both then.
    /// </summary>
    public const string OrganizationRead = "organization:read";

    /// <summary>
    /// Lists and revokes the console sessions of the organization's members; beyond the specification's list. Owners
    /// only among the roles; owner tokens from before it existed were given it by the migration that added it.
    /// </summary>
    public const string SessionManage = "session:manage";

    public static readonly IReadOnlyList<string> All =
    [
        ProjectRead, ProjectCreate, ProjectUpdate, ProjectDelete,
        TargetRead, TargetCreate, TargetUpdate, TargetDelete,
        EnvironmentRead, EnvironmentCreate, EnvironmentUpdate, EnvironmentDelete,
        SecretRead, SecretWrite, SecretDecrypt, SecretHistory, SecretRestore, SecretPurge,
        KeyRetrieve, KeyRotate, TokenManage, AuditRead, OrganizationRead, SessionManage,
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string ability) => Known.Contains(ability);
}
