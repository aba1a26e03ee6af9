namespace Envelope.Client.Models;

/// <summary>Billable versions and stored bytes of one project.</summary>
public sealed class ProjectUsage
{
    /// <summary>The project's slug.</summary>
    public string Project { get; init; } = "";

    /// <summary>Active (billable) versions.</summary>
    public int ActiveVersions { get; init; }

    /// <summary>Destroyed versions.</summary>
    public int DestroyedVersions { get; init; }

    /// <summary>Bytes of current contents and active versions.</summary>
    public long StoredBytes { get; init; }
}
