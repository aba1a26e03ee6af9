namespace Envelope.Client.Models;

/// <summary>
/// A level and the levels above it, encrypted. A level that holds no blob is <see langword="null"/>.
/// </summary>
public sealed class EncryptedSecrets
{
    /// <summary>The project level's blob.</summary>
    public EncryptedLevel? Project { get; init; }

    /// <summary>The target level's blob.</summary>
    public EncryptedLevel? Target { get; init; }

    /// <summary>The environment level's blob.</summary>
    public EncryptedLevel? Environment { get; init; }

    /// <summary>
    /// With <c>key:retrieve</c> (<see cref="SecretsClient.RetrieveEncryptedAsync"/> with keys): the descriptor of every key
    /// version the blobs use and of the current one; otherwise empty.
    /// </summary>
    public IReadOnlyList<KeyDescriptor> Keys { get; init; } = [];

    /// <summary>
    /// The place of the level read (whether or not it holds a blob yet): what a blob stored there is bound to, with the
    /// key version it is sealed under. <see langword="null"/> from a server older than blob format v2.
    /// </summary>
    public LevelPlace? Place { get; init; }

    /// <summary>The levels that hold a blob, shallowest first.</summary>
    /// <returns>The project, target and environment blobs that exist, in that order.</returns>
    public IEnumerable<EncryptedLevel> Levels()
    {
        if (Project is not null)
        {
            yield return Project;
        }

        if (Target is not null)
        {
            yield return Target;
        }

        if (Environment is not null)
        {
            yield return Environment;
        }
    }
}
