namespace Envelope.Client.Models;

/// <summary>A historical version re-encrypted under the current client key.</summary>
public sealed class ReEncryptedVersion
{
    /// <summary>The version's id.</summary>
    public required long Id { get; init; }

    /// <summary>The blob under the current key.</summary>
    public required string Content { get; init; }
}
