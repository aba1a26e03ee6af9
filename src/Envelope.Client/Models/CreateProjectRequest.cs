namespace Envelope.Client.Models;

/// <summary>
/// A new project. A client-managed project also needs its key check; <see cref="ClientManagedSecrets.CreateProjectRequest"/>
/// computes it from the key.
/// </summary>
public sealed class CreateProjectRequest
{
    /// <summary>The display name (1 to 200 characters).</summary>
    public required string Name { get; init; }

    /// <summary>The slug; derived from the name when <see langword="null"/>.</summary>
    public string? Slug { get; init; }

    /// <summary>An optional description.</summary>
    public string? Description { get; init; }

    /// <summary>Who holds the key; <see cref="Models.KeyManagement.Server"/> when <see langword="null"/>.</summary>
    public KeyManagement? KeyManagement { get; init; }

    /// <summary>Client-managed only: the base64 key proof the project's writes must match.</summary>
    public string? KeyCheck { get; init; }

    /// <summary>Client-managed only: the base64 16-byte salt of the key check.</summary>
    public string? KeyCheckSalt { get; init; }

    /// <summary>Client-managed only: the PBKDF2 iterations of the key check.</summary>
    public int? KeyCheckIterations { get; init; }

    /// <summary>Client-managed, keyed by a passphrase: how the key was stretched from it (<see cref="ClientManagedSecrets.CreatePassphraseProjectRequest"/>).</summary>
    public PassphraseKdfMetadata? Kdf { get; init; }

    /// <summary>What server-managed rotations do with history; <see cref="Models.HistoryPolicy.Keep"/> when <see langword="null"/>.</summary>
    public HistoryPolicy? HistoryPolicy { get; init; }
}
