namespace Envelope.Client.Models;

/// <summary>What the server found walking its audit chain and signed checkpoints (<c>audit-events/verify</c>).</summary>
public sealed class AuditVerification
{
    /// <summary>True when every event hashes into the chain and every checkpoint is signed and reached.</summary>
    public bool Valid { get; init; }

    /// <summary>Events checked before the first break (all of them when valid).</summary>
    public long EventsChecked { get; init; }

    /// <summary>Checkpoints whose signature and head were checked.</summary>
    public int CheckpointsChecked { get; init; }

    /// <summary>The newest event's sequence number when valid.</summary>
    public long? HeadSequence { get; init; }

    /// <summary>The first break, when not valid.</summary>
    public AuditBreak? FirstBreak { get; init; }
}

/// <summary>Where the audit trail stops being the one the server wrote.</summary>
public sealed class AuditBreak
{
    /// <summary>The sequence number of the first event (or checkpoint) that is not as written.</summary>
    public long Sequence { get; init; }

    /// <summary><c>hash_mismatch</c>, <c>sequence_gap</c>, <c>truncated</c> or <c>checkpoint_signature_invalid</c>.</summary>
    public string Reason { get; init; } = "";
}
