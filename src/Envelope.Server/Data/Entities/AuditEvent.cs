namespace Envelope.Server.Data.Entities;

/// <summary>
/// Who did what to which resource. Never holds secret material. Each organization's events form a hash chain
/// (<see cref="Sequence"/>, <see cref="Hash"/>): the audit feature appends them, so editing or deleting one shows.
/// </summary>
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

    /// <summary>Microsecond precision, the finest both engines store, so the time hashed is the time read back.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>1, 2, 3… per organization, without gaps: a missing number is a deleted event.</summary>
    public long Sequence { get; set; }

    /// <summary>SHA-256 (lower-case hex) of this event's fields and the previous event's hash.</summary>
    public string Hash { get; set; } = "";
}

/// <summary>
/// A signed note of an organization's chain head: its sequence and hash, HMAC-SHA256 under a key derived from the
/// master key named by <see cref="MasterKeyId"/>. An event table that no longer reaches the head is a truncated one.
/// </summary>
internal sealed class AuditCheckpoint
{
    public long Id { get; init; }
    public required string OrganizationId { get; init; }
    public long Sequence { get; init; }
    public required string HeadHash { get; init; }
    public required string MasterKeyId { get; set; }
    public required string Signature { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
