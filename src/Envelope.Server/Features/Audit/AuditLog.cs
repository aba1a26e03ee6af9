using System.Text.Json;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Audit;

/// <summary>Actions written to the audit trail; the strings are part of the API (filterable).</summary>
public static class AuditActions
{
    public const string SecretStore = "secret.store";
    public const string SecretDelete = "secret.delete";
    public const string SecretPurge = "secret.purge";
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
    public const string HistoryReEncrypt = "history.re_encrypt";
    public const string JobComplete = "job.complete";
    public const string JobFail = "job.fail";
}

/// <summary>Adds an audit event to the unit of work, so the event commits with the change it describes, or not at all.</summary>
public static class AuditLog
{
    public static void Record(EnvelopeDbContext db, TimeProvider time, Caller caller, string action, string? projectId, string? subject, object? details = null) =>
        Record(db, time, caller.OrganizationId, caller.TokenId, action, projectId, subject, details);

    /// <summary>An event of the server itself (a background job, a scheduled deletion): no token did it.</summary>
    public static void Record(EnvelopeDbContext db, TimeProvider time, string organizationId, string? tokenId, string action, string? projectId, string? subject, object? details = null) =>
        db.AuditEvents.Add(new AuditEvent
        {
            OrganizationId = organizationId,
            Action = action,
            TokenId = tokenId,
            ProjectId = projectId,
            Subject = subject,
            Details = details is null ? null : JsonSerializer.Serialize(details, AuditJson.Options),
            CreatedAt = time.GetUtcNow(),
        });
}

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
