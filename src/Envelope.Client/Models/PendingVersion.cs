namespace Envelope.Client.Models;

/// <summary>A historical version still encrypted under a retired client key.</summary>
public sealed class PendingVersion
{
    /// <summary>The version's id.</summary>
    public long Id { get; init; }

    /// <summary>The blob under its old key.</summary>
    public string Content { get; init; } = "";

    /// <summary>The old key version.</summary>
    public int KeyVersion { get; init; }

    /// <summary>The level's ids: its v2 blob under the current key is bound there (null from an older server).</summary>
    public LevelPlace? Place { get; init; }
}
