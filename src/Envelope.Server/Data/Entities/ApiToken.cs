namespace Envelope.Server.Data.Entities;

internal sealed class ApiToken
{
    public required string Id { get; init; }
    public required string OrganizationId { get; init; }
    public required string Name { get; init; }

    /// <summary>SHA-256 of the plaintext token; the plaintext is shown once and never stored.</summary>
    public required byte[] TokenHash { get; init; }

    /// <summary>The first characters of the token, so people can tell their tokens apart.</summary>
    public required string DisplayPrefix { get; init; }

    /// <summary>Space-separated abilities.</summary>
    public required string Abilities { get; init; }

    /// <summary>Owner tokens hold every ability and may create organizations.</summary>
    public bool IsOwner { get; init; }

    /// <summary>
    /// True when the token only reaches <see cref="Projects"/>. Kept apart from the list so that a restricted
    /// token whose projects were all deleted reaches nothing rather than everything.
    /// </summary>
    public bool IsProjectRestricted { get; init; }

    public List<ApiTokenProject> Projects { get; } = [];
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The user who created the token; null for tokens made by a token, or before this was recorded.</summary>
    public string? CreatedByUserId { get; init; }

    /// <summary>The token that created this one; null for tokens made by a user, at provisioning, or before this was recorded.</summary>
    public string? CreatedByTokenId { get; init; }
}

internal sealed class ApiTokenProject
{
    public required string TokenId { get; init; }
    public required string ProjectId { get; init; }
}
