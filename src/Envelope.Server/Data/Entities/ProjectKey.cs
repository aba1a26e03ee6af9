namespace Envelope.Server.Data.Entities;

/// <summary>
/// One version of a project's key. Server-managed: the data key, wrapped by the master key. Client-managed: only the
/// proof parameters the client set for that version; the key never reaches the server.
/// </summary>
internal sealed class ProjectKey
{
    public long Id { get; init; }
    public required string ProjectId { get; init; }
    public int Version { get; init; }

    /// <summary>AES-256-GCM of the data key under the master key: IV(12) || ciphertext(32) || tag(16).</summary>
    public byte[]? WrappedKey { get; set; }

    /// <summary>Which master key wrapped <see cref="WrappedKey"/>, so a re-wrap can resume where it stopped.</summary>
    public string? MasterKeyId { get; set; }

    public byte[]? KeyCheck { get; init; }
    public byte[]? KeyCheckSalt { get; init; }
    public int? KeyCheckIterations { get; init; }

    // Passphrase-keyed client versions only: the Argon2id parameters and salt the client stretched its passphrase
    // with. Public to readers of the project, like the proof's salt; the passphrase and the key stay with the client.
    public string? KdfAlgorithm { get; set; }
    public int? KdfVersion { get; set; }
    public int? KdfMemoryKib { get; set; }
    public int? KdfIterations { get; set; }
    public int? KdfParallelism { get; set; }
    public byte[]? KdfSalt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
