namespace Envelope.Client.Models;

/// <summary>A batch of historical versions awaiting re-encryption under the current client key.</summary>
public sealed class PendingHistory
{
    /// <summary>The batch.</summary>
    public IReadOnlyList<PendingVersion> Versions { get; init; } = [];

    /// <summary>How many versions remain in all, this batch included.</summary>
    public int Remaining { get; init; }

    /// <summary>The current key version, to re-encrypt under.</summary>
    public int KeyVersion { get; init; }
}
