namespace Envelope.Client.Models;

/// <summary>The outcome of submitting re-encrypted history.</summary>
public sealed class HistoryReEncryption
{
    /// <summary>How many versions moved onto the current key.</summary>
    public int Updated { get; init; }

    /// <summary>How many versions remain under retired keys.</summary>
    public int Remaining { get; init; }
}
