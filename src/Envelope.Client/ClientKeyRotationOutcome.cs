namespace Envelope.Client;

/// <summary>
/// The outcome of <see cref="ClientManagedSecrets.RotateKeyAsync"/>. It holds the new key: keep it where the old one was,
/// and use a new <see cref="ClientManagedSecrets"/> with it from now on.
/// </summary>
public sealed class ClientKeyRotationOutcome
{
    /// <summary>The new client key; the project accepts only it from now on.</summary>
    public string NewKey { get; init; } = "";

    /// <summary>The new key version.</summary>
    public int KeyVersion { get; init; }

    /// <summary>How many current blobs were re-encrypted.</summary>
    public int SecretsReEncrypted { get; init; }

    /// <summary>How many historical versions were re-encrypted.</summary>
    public int VersionsReEncrypted { get; init; }
}
