namespace Envelope.Server.Data.Entities;

/// <summary>
/// One signed-in web console: its id travels in the (Data Protection sealed) cookie, so revoking the row ends the
/// cookie on every node, within the token cache's lifetime.
/// </summary>
internal sealed class UserSession
{
    /// <summary>128 random bits, hex; not a ULID, so ids of one user's sessions say nothing about each other.</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Written in the background, at most once a minute per session.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The browser's User-Agent, cut to <see cref="DeviceLength"/>.</summary>
    public required string Device { get; init; }

    /// <summary>The client address the session was signed in from.</summary>
    public required string Address { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Why it ended: <c>signed_out</c>, <c>revoked</c>, <c>signed_out_everywhere</c>, <c>role_changed</c>, <c>user_disabled</c>.</summary>
    public string? RevokedReason { get; set; }

    public const int DeviceLength = 256;
    public const int AddressLength = 64;
}
