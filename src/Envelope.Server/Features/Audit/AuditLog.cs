using System.Text.Json;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Audit;

/// <summary>Adds an audit event to the unit of work, so the event commits with the change it describes, or not at all.</summary>
internal static class AuditLog
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
