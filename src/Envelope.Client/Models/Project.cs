namespace Envelope.Client.Models;

/// <summary>A project: the top of a hierarchy of targets and environments, with its own encryption key.</summary>
public sealed class Project
{
    /// <summary>The project's ULID.</summary>
    public string Id { get; init; } = "";

    /// <summary>The project's slug, used in paths.</summary>
    public string Slug { get; init; } = "";

    /// <summary>The project's display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The project's description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Who holds the project's key.</summary>
    public KeyManagement KeyManagement { get; init; }

    /// <summary>The version of the project's current key.</summary>
    public int KeyVersion { get; init; }

    /// <summary>The key's state: <c>active</c>, <c>disabled</c> or <c>pending_deletion</c>.</summary>
    public string KeyState { get; init; } = "";

    /// <summary>What server-managed rotations do with history by default.</summary>
    public HistoryPolicy HistoryPolicy { get; init; }

    /// <summary>Client-managed, keyed by a passphrase: how its current key is stretched from it (on single-project reads).</summary>
    public PassphraseKdfMetadata? Kdf { get; init; }

    /// <summary>When the project was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the project was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
