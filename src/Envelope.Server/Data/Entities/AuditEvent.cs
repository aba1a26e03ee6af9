namespace Envelope.Server.Data.Entities;

/// <summary>Who did what to which resource. Never holds secret material.</summary>
internal sealed class AuditEvent
{
    public long Id { get; init; }
    public required string OrganizationId { get; init; }
    public required string Action { get; init; }
    public string? TokenId { get; init; }
    public string? ProjectId { get; init; }

    /// <summary>A readable path of the resource, e.g. <c>my-app/backend/production</c> or a version id.</summary>
    public string? Subject { get; init; }

    /// <summary>A small JSON object of non-secret facts (version ids, counts, key versions).</summary>
    public string? Details { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
