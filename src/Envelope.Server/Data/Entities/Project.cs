namespace Envelope.Server.Data.Entities;

internal sealed class Project : IRecoverable
{
    public required string Id { get; init; }
    public required string OrganizationId { get; init; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public KeyManagement KeyManagement { get; init; }

    // Client-managed projects only: the PBKDF2 proof parameters. The key itself never reaches the server.
    public byte[]? KeyCheck { get; set; }
    public byte[]? KeyCheckSalt { get; set; }
    public int? KeyCheckIterations { get; set; }

    /// <summary>The key version new blobs are encrypted under; bumped by every rotation.</summary>
    public int CurrentKeyVersion { get; set; } = 1;

    /// <summary>What a server-managed rotation does with history when the request does not say.</summary>
    public HistoryPolicy HistoryPolicy { get; set; } = HistoryPolicy.Keep;

    /// <summary>Disabled and pending-deletion keys refuse value operations; metadata and ciphertext stay readable.</summary>
    public KeyState KeyState { get; set; } = KeyState.Active;

    /// <summary>When a pending deletion destroys the project's server-held keys.</summary>
    public DateTimeOffset? KeyDeletionScheduledFor { get; set; }

    /// <summary>
    /// Bumped by every write to the project's secrets. The bump is the write's first statement, so it takes the
    /// project's row lock: writes of one project serialize, and a rotation never interleaves with a store.
    /// </summary>
    public long SecretsRevision { get; set; }

    /// <summary>
    /// Set, committed, before a client-managed rotation waits for the project's lock and cleared when it ends, so that
    /// history re-encryption can answer 409 while one runs; it expires by itself if the node dies mid-rotation.
    /// </summary>
    public DateTimeOffset? ClientRotationUntil { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set while the node is in the recovery window (see <see cref="IRecoverable"/>).</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }
    public DateTimeOffset? PurgeAt { get; set; }
    public List<Target> Targets { get; } = [];
}

public enum KeyManagement
{
    Server,
    Client,
}

public enum HistoryPolicy
{
    Keep,
    ReEncrypt,
}

internal enum KeyState
{
    Active,
    Disabled,
    PendingDeletion,

    /// <summary>The deletion happened: the server-held keys are gone for good.</summary>
    Deleted,
}
