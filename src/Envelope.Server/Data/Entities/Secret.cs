namespace Envelope.Server.Data.Entities;

/// <summary>
/// The encrypted <c>.env</c> blob of one level (project, target or environment). The row outlives a delete (its
/// content becomes null) so that versions keep their level and a restore can bring it back.
/// </summary>
internal sealed class Secret
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public string? TargetId { get; init; }
    public string? EnvironmentId { get; init; }

    /// <summary>The id of the deepest node of the level; unique, so one level has one row.</summary>
    public required string LevelId { get; init; }

    public SecretLevel Level { get; init; }

    /// <summary><c>base64(IV || ciphertext || tag)</c>, or null while the level is deleted.</summary>
    public string? Content { get; set; }

    public int KeyVersion { get; set; }

    /// <summary>Plaintext size: the decoded blob less IV and tag.</summary>
    public int Bytes { get; set; }

    /// <summary>The version holding <see cref="Content"/>; null after a write that kept no backup.</summary>
    public long? CurrentVersionId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal enum SecretLevel
{
    Project,
    Target,
    Environment,
}
