namespace Envelope.Client.Models;

/// <summary>A version of a project's key with its state.</summary>
public sealed class EncryptionKey
{
    /// <summary>Who holds the key.</summary>
    public KeyManagement Managed { get; init; }

    /// <summary>The key version.</summary>
    public int Version { get; init; }

    /// <summary>Server-managed: the base64 32-byte data key.</summary>
    public string? Key { get; init; }

    /// <summary>Client-managed: the base64 salt of the key proof.</summary>
    public string? KeyCheckSalt { get; init; }

    /// <summary>Client-managed: the PBKDF2 iterations of the key proof.</summary>
    public int? KeyCheckIterations { get; init; }

    /// <summary>Whether this is the project's current key version.</summary>
    public bool Active { get; init; }

    /// <summary><c>active</c>, <c>disabled</c> or <c>pending_deletion</c> for the current version; <c>retired</c> for older ones.</summary>
    public string State { get; init; } = "";

    /// <summary>Client-managed, keyed by a passphrase: how this version's key is stretched from it.</summary>
    public PassphraseKdfMetadata? Kdf { get; init; }

    /// <summary>When a scheduled deletion takes effect, if one is scheduled.</summary>
    public DateTimeOffset? DeletionScheduledFor { get; init; }

    /// <summary>When the key version was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
