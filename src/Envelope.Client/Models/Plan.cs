namespace Envelope.Client.Models;

/// <summary>A plan of the catalog: its history window and limits.</summary>
public sealed class Plan
{
    /// <summary>The plan's identifier, such as <c>free</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>The plan's display name.</summary>
    public string DisplayName { get; init; } = "";

    /// <summary>How many days of version history the plan keeps accessible.</summary>
    public int RetentionDays { get; init; }

    /// <summary>How many projects an organization on this plan may have.</summary>
    public int MaxProjects { get; init; }

    /// <summary>The plan's request budget per minute.</summary>
    public int RequestsPerMinute { get; init; }
}
