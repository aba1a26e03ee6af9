namespace Envelope.Client.Models;

/// <summary>The outcome of a client-managed key rotation.</summary>
public sealed class ClientKeyRotationResult
{
    /// <summary>How many current blobs were swapped.</summary>
    public int Count { get; init; }

    /// <summary>The new key version.</summary>
    public int KeyVersion { get; init; }
}
