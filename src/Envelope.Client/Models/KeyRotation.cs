namespace Envelope.Client.Models;

/// <summary>The outcome of a server-managed key rotation.</summary>
public sealed class KeyRotation
{
    /// <summary>The new current key.</summary>
    public EncryptionKey Key { get; init; } = new();

    /// <summary>The job re-encrypting history, when the history policy is <see cref="HistoryPolicy.ReEncrypt"/>.</summary>
    public KeyJob? Job { get; init; }
}
