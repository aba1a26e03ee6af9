using Envelope.Server.Auth;
using Envelope.Server.Data;

namespace Envelope.Server.Features.Audit;

/// <summary>
/// Every retrieval of a key descriptor is a <c>key.retrieve</c> event, committed before the descriptor is answered, so
/// a key never leaves without its event: a server-managed descriptor is the data key itself, a client-managed one the
/// salt and iterations a passphrase guess needs. Unlike decrypted reads these are not counted in memory and flushed
/// later: a crash must not lose the record of a key handed out, and such reads are rare (a client that decrypts
/// locally fetches the key once, then caches it).
/// </summary>
internal static class KeyRetrievalAudit
{
    /// <summary>Records and commits the event; <paramref name="details"/> says what was given (<c>key_versions</c>) and, for endpoints besides the encryption-key ones, <c>via</c>.</summary>
    public static async Task RecordAsync(
        EnvelopeDbContext db, TimeProvider time, Caller caller, string projectId, string subject, object details, CancellationToken cancellationToken)
    {
        AuditLog.Record(db, time, caller, AuditActions.KeyRetrieve, projectId, subject, details);
        await db.SaveChangesAsync(cancellationToken);
    }
}
