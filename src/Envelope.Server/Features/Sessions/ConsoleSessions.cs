using System.Security.Cryptography;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.RateLimiting;

namespace Envelope.Server.Features.Sessions;

/// <summary>Why a session ended; the strings are part of the API (session listings and audit details).</summary>
internal static class RevokeReasons
{
    public const string SignedOut = "signed_out";
    public const string Revoked = "revoked";
    public const string RevokedByOwner = "revoked_by_owner";
    public const string SignedOutEverywhere = "signed_out_everywhere";
    public const string RoleChanged = "role_changed";
    public const string UserDisabled = "user_disabled";
}

/// <summary>
/// Starting and ending console sessions. Revocations are tracked changes (the caller saves them with its own change and
/// audit events, whole or not at all) and are forgotten by this node's <see cref="SessionCache"/> once saved.
/// </summary>
internal sealed class ConsoleSessions(EnvelopeDbContext db, TimeProvider time, SessionActivity activity, SessionCache? cache = null)
{
    /// <summary>Writes the row of a sign-in that just succeeded; returns its id, for the cookie.</summary>
    public async Task<string> StartAsync(string userId, HttpContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = new UserSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            Device = Cut(context.Request.Headers.UserAgent.ToString(), UserSession.DeviceLength),
            Address = Cut(RateLimitMiddleware.ClientAddress(context), UserSession.AddressLength),
        };
        db.ConsoleSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        activity.Started(session.Id, now);
        return session.Id;
    }

    /// <summary>The user's sessions that still work: not revoked and not idle past the cookie's timeout.</summary>
    public IQueryable<UserSession> ActiveOf(string userId, TimeSpan idleTimeout)
    {
        // Last seen is written at most once a minute, so a session may be up to a minute fresher than its row says.
        var idleSince = time.GetUtcNow() - idleTimeout - SessionActivity.Resolution;
        return db.ConsoleSessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.LastSeenAt >= idleSince);
    }

    /// <summary>Marks every unrevoked session of <paramref name="userId"/> revoked (not saved), but <paramref name="except"/>.</summary>
    public async Task<List<UserSession>> RevokeAllAsync(string userId, string reason, string? except, CancellationToken cancellationToken)
    {
        var sessions = await db.ConsoleSessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != except).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            Revoke(session, reason);
        }

        return sessions;
    }

    /// <summary>Marks one session revoked (not saved).</summary>
    public void Revoke(UserSession session, string reason)
    {
        session.RevokedAt ??= time.GetUtcNow();
        session.RevokedReason ??= reason;
    }

    /// <summary>Saves the revocations (with whatever else the unit of work holds) and ends them on this node at once.</summary>
    public async Task SaveAsync(IEnumerable<UserSession> revoked, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        foreach (var session in revoked)
        {
            cache?.Forget(session.Id);
        }
    }

    /// <summary>An audit event for each organization the user belongs to: their owners see how the user's sessions ended.</summary>
    public async Task AuditAsync(string userId, string? tokenId, string action, object details, CancellationToken cancellationToken)
    {
        var organizations = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.OrganizationId).ToListAsync(cancellationToken);
        foreach (var organization in organizations)
        {
            AuditLog.Record(db, time, organization, tokenId, action, null, userId, details);
        }
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}
