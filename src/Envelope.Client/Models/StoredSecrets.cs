namespace Envelope.Client.Models;

/// <summary>The outcome of a store.</summary>
public sealed class StoredSecrets
{
    /// <summary>The level written: <c>project</c>, <c>target</c> or <c>environment</c>.</summary>
    public string Level { get; init; } = "";

    /// <summary>The level's path.</summary>
    public string Source { get; init; } = "";

    /// <summary>The plaintext size in bytes.</summary>
    public int Bytes { get; init; }

    /// <summary>The level's secret id.</summary>
    public string SecretId { get; init; } = "";

    /// <summary>The version recorded, or <see langword="null"/> when the store skipped history.</summary>
    public long? Version { get; init; }
}
