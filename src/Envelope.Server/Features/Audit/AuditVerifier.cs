using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Audit;

/// <summary>What <c>audit verify</c> found: the first place the trail stops being the one the server wrote.</summary>
internal sealed record AuditVerification(bool Valid, long EventsChecked, int CheckpointsChecked, long? HeadSequence, AuditBreak? FirstBreak)
{
    public string Type => "audit_verification";
}

/// <param name="Sequence">The first event (or checkpoint) that is not as written.</param>
/// <param name="Reason">hash_mismatch (an event was edited, or the chain rewritten since a checkpoint), sequence_gap
/// (an event was deleted), truncated (a checkpoint names events the table no longer has), checkpoint_signature_invalid
/// (a checkpoint was forged or edited).</param>
internal sealed record AuditBreak(long Sequence, string Reason);

/// <summary>
/// Walks an organization's chain in sequence order, recomputing every hash, and checks each checkpoint's signature and
/// that the chain still passes through the head it signed. Reads in pages, so a long trail costs memory for one page.
/// </summary>
internal sealed class AuditVerifier(EnvelopeDbContext db, AuditKey key)
{
    private const int PageSize = 1000;

    public async Task<AuditVerification> VerifyAsync(string organizationId, CancellationToken cancellationToken)
    {
        var checkpoints = new Queue<AuditCheckpoint>(await db.AuditCheckpoints.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId)
            .OrderBy(c => c.Sequence)
            .ToListAsync(cancellationToken));
        var previous = AuditChain.Genesis;
        long expected = 1;
        var checkpointsChecked = 0;
        while (true)
        {
            var after = expected - 1;
            var page = await db.AuditEvents.AsNoTracking()
                .Where(e => e.OrganizationId == organizationId && e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var e in page)
            {
                if (e.Sequence != expected)
                {
                    return Broken(expected, "sequence_gap");
                }

                if (!string.Equals(AuditChain.Hash(e, previous), e.Hash, StringComparison.Ordinal))
                {
                    return Broken(e.Sequence, "hash_mismatch");
                }

                while (checkpoints.TryPeek(out var checkpoint) && checkpoint.Sequence <= e.Sequence)
                {
                    checkpoints.Dequeue();
                    if (!Signed(checkpoint))
                    {
                        return Broken(checkpoint.Sequence, "checkpoint_signature_invalid");
                    }

                    // The events hash together, yet not to the head that was signed: rewritten since the checkpoint.
                    if (!string.Equals(checkpoint.HeadHash, e.Hash, StringComparison.Ordinal))
                    {
                        return Broken(checkpoint.Sequence, "hash_mismatch");
                    }

                    checkpointsChecked++;
                }

                previous = e.Hash;
                expected++;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        // What remains was signed beyond the table's last event: the newest events were deleted.
        if (checkpoints.TryDequeue(out var beyond))
        {
            return Broken(Signed(beyond) ? expected : beyond.Sequence, Signed(beyond) ? "truncated" : "checkpoint_signature_invalid");
        }

        return new AuditVerification(true, expected - 1, checkpointsChecked, expected > 1 ? expected - 1 : null, null);

        AuditVerification Broken(long sequence, string reason) =>
            new(false, expected - 1, checkpointsChecked, null, new AuditBreak(sequence, reason));

        bool Signed(AuditCheckpoint c) =>
            string.Equals(c.OrganizationId, organizationId, StringComparison.Ordinal)
            && key.Verify(c.OrganizationId, c.Sequence, c.HeadHash, c.MasterKeyId, c.Signature);
    }
}
