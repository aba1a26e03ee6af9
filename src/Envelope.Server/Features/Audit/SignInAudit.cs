using System.Security.Cryptography;
using System.Text;
using Envelope.Server.Data;

namespace Envelope.Server.Features.Audit;

/// <summary>What became of a sign-in attempt; the strings are part of the API (audit details).</summary>
internal enum SignInOutcome
{
    Succeeded,
    WrongCredentials,
    Throttled,
    Locked,
    Disabled,
}

/// <summary>
/// Every sign-in attempt, successful or not, never with its password. The audit trail belongs to organizations, so an
/// attempt on an account is recorded in each organization the account belongs to (its owners see who tried their
/// people's accounts, from where, and how it ended). An attempt on an address no account has belongs to no
/// organization: it goes to the server's log instead, with a fingerprint of the address typed rather than the address
/// itself, because people type passwords into the email field. The email typed and the client's address are stored as
/// <see cref="AuditKey.HashIdentity(string)"/> hashes: an event can never be edited once chained, so a person's address must not
/// sit in it readably for ever; the account is named by its user id, and an operator who has an address finds its
/// events by hashing it (<c>POST /audit-events/hash</c>).
/// </summary>
internal static partial class SignInAudit
{
    public static async Task RecordAsync(EnvelopeDbContext db, TimeProvider time, AuditKey key, ILogger logger, string email, string? userId, string address,
        SignInOutcome outcome, CancellationToken cancellationToken)
    {
        var organizations = userId is null
            ? []
            : await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.OrganizationId).ToListAsync(cancellationToken);
        var result = outcome == SignInOutcome.Succeeded ? "succeeded" : "failed";
        var reason = Reason(outcome);
        if (organizations.Count == 0)
        {
            LogUnrecorded(logger, Fingerprint(email), address, result, reason ?? "none");
            return;
        }

        foreach (var organization in organizations)
        {
            AuditLog.Record(db, time, organization, null, AuditActions.UserSignIn, null, userId,
                new { email = key.HashIdentity(email), user_id = userId, address = key.HashIdentity(address), result, reason });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public static string? Reason(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.WrongCredentials => "wrong_credentials",
        SignInOutcome.Throttled => "throttled",
        SignInOutcome.Locked => "locked",
        SignInOutcome.Disabled => "disabled",
        _ => null,
    };

    private static string Fingerprint(string email) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)).AsSpan(0, 8));

    [LoggerMessage(LogLevel.Information, "Sign-in {Result} ({Reason}) for an address no organization holds (email fingerprint {EmailFingerprint}) from {ClientAddress}")]
    private static partial void LogUnrecorded(ILogger logger, string emailFingerprint, string clientAddress, string result, string reason);
}
