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
}

/// <summary>Adds an audit event to the unit of work, so the event commits with the change it describes, or not at all.</summary>
public static class AuditLog
{
    public static void Record(EnvelopeDbContext db, TimeProvider time, Caller caller, string action, string? projectId, string? subject, object? details = null) =>
        db.AuditEvents.Add(new AuditEvent
        {
            OrganizationId = caller.OrganizationId,
            Action = action,
            TokenId = caller.TokenId,
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
