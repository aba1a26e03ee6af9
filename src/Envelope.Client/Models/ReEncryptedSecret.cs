namespace Envelope.Client.Models;

/// <summary>A current blob re-encrypted under a new client key.</summary>
public sealed class ReEncryptedSecret
{
    /// <summary>The secret id (<see cref="EncryptedLevel.Id"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The blob encrypted under the new key.</summary>
    public required string Content { get; init; }

    /// <summary>
    /// <see cref="EncryptedLevel.UpdatedAt"/> of the blob that was re-encrypted: the server refuses the rotation
    /// (409 <c>secrets_changed</c>) if the level was written since, instead of replacing that write with older content.
    /// </summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
