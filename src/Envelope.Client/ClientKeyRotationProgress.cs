namespace Envelope.Client;

/// <summary>A step of a client-key rotation, reported through <see cref="IProgress{T}"/>.</summary>
public sealed class ClientKeyRotationProgress
{
    /// <summary>The stage reached.</summary>
    public ClientKeyRotationStage Stage { get; init; }

    /// <summary>Items done in this stage: current blobs, or historical versions re-encrypted so far.</summary>
    public int Processed { get; init; }

    /// <summary>Items left in this stage, as far as known.</summary>
    public int Remaining { get; init; }

    /// <summary>The project's key version: the new one from <see cref="ClientKeyRotationStage.Rotated"/> on.</summary>
    public int KeyVersion { get; init; }
}
