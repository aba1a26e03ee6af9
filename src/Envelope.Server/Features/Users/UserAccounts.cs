using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Users;

/// <summary>Creating users and adding them to organizations, for the operator command and sign-up alike.</summary>
internal sealed class UserAccounts(EnvelopeDbContext db, TimeProvider time)
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

    /// <summary>Adds the membership or changes its role (not saved).</summary>
    public async Task SetRoleAsync(User user, string organizationId, MembershipRole role, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.UserId == user.Id && m.OrganizationId == organizationId, cancellationToken);
        if (membership is null)
        {
            db.Memberships.Add(new Membership { UserId = user.Id, OrganizationId = organizationId, Role = role, CreatedAt = time.GetUtcNow() });
        }
        else
        {
            membership.Role = role;
        }
    }
}
