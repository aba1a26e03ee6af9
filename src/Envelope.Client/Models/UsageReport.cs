namespace Envelope.Client.Models;

/// <summary>Billable versions and stored bytes of an organization, per project.</summary>
public sealed class UsageReport
{
    /// <summary>Active (billable) versions.</summary>
    public int ActiveVersions { get; init; }

    /// <summary>Destroyed versions.</summary>
    public int DestroyedVersions { get; init; }

    /// <summary>Bytes of current contents and active versions.</summary>
    public long StoredBytes { get; init; }

    /// <summary>The same figures per project.</summary>
    public IReadOnlyList<ProjectUsage> Projects { get; init; } = [];
}
