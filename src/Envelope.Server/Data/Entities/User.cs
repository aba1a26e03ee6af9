namespace Envelope.Server.Data.Entities;

/// <summary>A person who signs in (the CLI's browser login); API tokens are for machines.</summary>
internal sealed class User
{
    public required string Id { get; init; }

    /// <summary>Lower-cased; unique.</summary>
    public required string Email { get; set; }

    /// <summary>Argon2id, self-describing (parameters, salt, hash); see <c>PasswordHasher</c>.</summary>
    public required string PasswordHash { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set by the operator's <c>user disable</c>: the account cannot sign in and its console sessions are revoked.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public List<Membership> Memberships { get; } = [];
}

/// <summary>A user's role in an organization; the role maps to abilities (docs/users.md).</summary>
internal sealed class Membership
{
    public required string UserId { get; init; }
    public required string OrganizationId { get; init; }
    public MembershipRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal enum MembershipRole
{
    Owner,
    Admin,
    Member,
}
