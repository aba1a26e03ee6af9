using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Sessions;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.Users;

/// <summary>Creating users and adding them to organizations, for the operator command and sign-up alike.</summary>
internal sealed class UserAccounts(EnvelopeDbContext db, TimeProvider time, ConsoleSessions sessions, AuditKey auditKey)
{
    public const int MinimumPasswordLength = 12;

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public Task<User?> FindAsync(string email, CancellationToken cancellationToken) =>
        db.Users.SingleOrDefaultAsync(u => u.Email == Normalize(email), cancellationToken);

    /// <summary>Creates the user (not saved); the caller checked the address is free.</summary>
    public User Create(string email, string password) => CreateHashed(email, PasswordHasher.Hash(password));

    /// <summary>Creates the user with a hash computed already (under <see cref="PasswordHashing"/>'s bound); not saved.</summary>
    public User CreateHashed(string email, string passwordHash)
    {
        var user = new User { Id = Ids.New(time), Email = Normalize(email), PasswordHash = passwordHash, CreatedAt = time.GetUtcNow() };
        db.Users.Add(user);
        return user;
    }

    /// <summary>
    /// Adds the membership or changes its role (not saved). A changed role signs the user's console sessions out and
    /// revokes their CLI access tokens, so whatever the old role let a stolen or forgotten session do ends with it; the
    /// CLI's refresh token stays, and its next refresh carries the new role. Either is audited in the organization.
    /// </summary>
    public async Task SetRoleAsync(User user, string organizationId, MembershipRole role, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.UserId == user.Id && m.OrganizationId == organizationId, cancellationToken);
        if (membership is null)
        {
            db.Memberships.Add(new Membership { UserId = user.Id, OrganizationId = organizationId, Role = role, CreatedAt = time.GetUtcNow() });
            AuditLog.Record(db, time, organizationId, null, AuditActions.MemberAdd, null, user.Id, new { email = auditKey.HashIdentity(user.Email), role = Roles.Name(role) });
        }
        else if (membership.Role != role)
        {
            var from = membership.Role;
            membership.Role = role;
            AuditLog.Record(db, time, organizationId, null, AuditActions.MemberRoleChange, null, user.Id,
                new { email = auditKey.HashIdentity(user.Email), from = Roles.Name(from), to = Roles.Name(role) });
            var revoked = await sessions.RevokeAllAsync(user.Id, RevokeReasons.RoleChanged, null, cancellationToken);
            var revokedAccess = await RevokeOAuthTokensAsync(user.Id, TokenTypeIdentifiers.AccessToken, cancellationToken);
            AuditLog.Record(db, time, organizationId, null, AuditActions.SessionRevokeAll, null, user.Id,
                new { revoked = revoked.Count, revoked_access_tokens = revokedAccess, reason = RevokeReasons.RoleChanged, from = Roles.Name(from), to = Roles.Name(role) });
        }
    }

    /// <summary>
    /// Disables the account (not saved): it cannot sign in, and its console sessions and every OAuth token of theirs
    /// (the CLI's access and refresh tokens, codes not yet exchanged) are revoked. Returns false when it was disabled already.
    /// </summary>
    public async Task<bool> DisableAsync(User user, CancellationToken cancellationToken)
    {
        if (user.DisabledAt is not null)
        {
            return false;
        }

        user.DisabledAt = time.GetUtcNow();
        var revoked = await sessions.RevokeAllAsync(user.Id, RevokeReasons.UserDisabled, null, cancellationToken);
        var revokedTokens = await RevokeOAuthTokensAsync(user.Id, type: null, cancellationToken);
        await sessions.AuditAsync(user.Id, null, AuditActions.UserDisable,
            new { email = auditKey.HashIdentity(user.Email), revoked_sessions = revoked.Count, revoked_oauth_tokens = revokedTokens }, cancellationToken);
        return true;
    }

    /// <summary>Lets a disabled account sign in again (not saved); its old sessions stay revoked. False when it was not disabled.</summary>
    public async Task<bool> EnableAsync(User user, CancellationToken cancellationToken)
    {
        if (user.DisabledAt is null)
        {
            return false;
        }

        user.DisabledAt = null;
        await sessions.AuditAsync(user.Id, null, AuditActions.UserEnable, new { email = auditKey.HashIdentity(user.Email) }, cancellationToken);
        return true;
    }

    /// <summary>
    /// Marks the user's live OAuth tokens (of <paramref name="type"/>, or all) revoked as tracked changes, so they are
    /// saved with the change that caused them. The server validates every OAuth token against its row on each request,
    /// so a revoked one is refused on every node at once.
    /// </summary>
    private async Task<int> RevokeOAuthTokensAsync(string userId, string? type, CancellationToken cancellationToken)
    {
        var tokens = await db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Subject == userId && t.Status == Statuses.Valid && (type == null || t.Type == type))
            .ToListAsync(cancellationToken);
        foreach (var token in tokens)
        {
            token.Status = Statuses.Revoked;
        }

        return tokens.Count;
    }
}
