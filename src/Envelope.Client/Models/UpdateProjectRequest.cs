namespace Envelope.Client.Models;

/// <summary>Changes to a project: the properties given change, the others stay.</summary>
public sealed class UpdateProjectRequest
{
    /// <summary>A new display name.</summary>
    public string? Name { get; init; }

    /// <summary>A new slug.</summary>
    public string? Slug { get; init; }

    /// <summary>A new description.</summary>
    public string? Description { get; init; }

    /// <summary>A new default history policy.</summary>
    public HistoryPolicy? HistoryPolicy { get; init; }
}
