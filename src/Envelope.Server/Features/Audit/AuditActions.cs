namespace Envelope.Server.Features.Audit;

/// <summary>Actions written to the audit trail; the strings are part of the API (filterable).</summary>
internal static class AuditActions
{
    public const string SecretStore = "secret.store";
    public const string SecretDelete = "secret.delete";
    public const string SecretPurge = "secret.purge";

    /// <summary>Reads that decrypted a level, counted per token and minute (<see cref="DecryptedReadRecorder"/>).</summary>
    public const string SecretDecrypt = "secret.decrypt";
    public const string VersionRestore = "version.restore";
    public const string VersionDestroy = "version.destroy";
    public const string VersionDelete = "version.delete";
    public const string VersionPurge = "version.purge";
    public const string TokenCreate = "token.create";
    public const string TokenRevoke = "token.revoke";
    public const string ProjectCreate = "project.create";
    public const string ProjectDelete = "project.delete";
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
}
