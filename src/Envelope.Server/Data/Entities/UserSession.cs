namespace Envelope.Server.Data.Entities;

/// <summary>
/// One signed-in console session: the cookie carries only <see cref="Id"/>, so the session can be listed and revoked
/// on the server, and a revoked one is refused by every node.
/// </summary>
internal sealed class UserSession
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Written at most once per flush interval (<c>SessionActivityFlusher</c>), not on every request.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The browser's User-Agent when it signed in, shortened.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The client address it signed in from.</summary>
    public string? Address { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }
}
