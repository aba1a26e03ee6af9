namespace Envelope.Server.Features.Audit;

/// <summary>Actions written to the audit trail; the strings are part of the API (filterable).</summary>
internal static class AuditActions
{
    // The secrets family is named as the specification's version-lifecycle page names its events (secrets.delete,
    // secrets.destroy_version). Events written before that carry the older names (Legacy); they are never renamed in
    // place, since the chain hashes the action, and the filter finds both.
    public const string SecretStore = "secrets.store";
    public const string SecretDelete = "secrets.delete";
    public const string SecretPurge = "secrets.purge";

    /// <summary>Reads that decrypted a level, counted per token and minute (<see cref="DecryptedReadRecorder"/>).</summary>
    public const string SecretDecrypt = "secrets.decrypt";
    public const string VersionRestore = "secrets.restore_version";
    public const string VersionDestroy = "secrets.destroy_version";
    public const string VersionDelete = "secrets.delete_version";
    public const string VersionPurge = "secrets.purge_versions";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string ProjectCreate = "project.create";
    public const string ProjectUpdate = "project.update";
    public const string ProjectDelete = "project.delete";
    public const string TargetCreate = "target.create";
    public const string TargetUpdate = "target.update";
    public const string EnvironmentCreate = "environment.create";
    public const string EnvironmentUpdate = "environment.update";
    public const string OrganizationCreate = "organization.create";
    public const string KeyRotate = "key.rotate";
    public const string KeyRotateClient = "key.rotate_client";
    public const string KeyDisable = "key.disable";
    public const string KeyEnable = "key.enable";
    public const string KeyScheduleDeletion = "key.schedule_deletion";
    public const string KeyCancelDeletion = "key.cancel_deletion";
    public const string KeyDelete = "key.delete";
    public const string KeyRetrieve = "key.retrieve";
    public const string HistoryReEncrypt = "history.re_encrypt";
    public const string JobComplete = "job.complete";
    public const string JobFail = "job.fail";
    public const string UserSignIn = "user.sign_in";
    public const string MemberAdd = "member.add";
    public const string MemberRoleChange = "member.role_change";
    public const string OrganizationUpdate = "organization.update";
    public const string OrganizationPlanChange = "organization.plan_change";
    public const string UserDisable = "user.disable";
    public const string UserEnable = "user.enable";
    public const string SessionRevoke = "session.revoke";
    public const string SessionRevokeAll = "session.revoke_all";

    /// <summary>The name each renamed action had before, as events written then still hold it.</summary>
    private static readonly Dictionary<string, string> Legacy = new()
    {
        [SecretStore] = "secret.store",
        [SecretDelete] = "secret.delete",
        [SecretPurge] = "secret.purge",
        [SecretDecrypt] = "secret.decrypt",
        [VersionRestore] = "version.restore",
        [VersionDestroy] = "version.destroy",
        [VersionDelete] = "version.delete",
        [VersionPurge] = "version.purge",
    };

    private static readonly Dictionary<string, string> Current = Legacy.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>The stored names a filter on <paramref name="action"/> matches: the action and its older or newer name.</summary>
    public static string[] Matching(string action) =>
        Legacy.TryGetValue(action, out var older) ? [action, older]
        : Current.TryGetValue(action, out var newer) ? [action, newer]
        : [action];
}
