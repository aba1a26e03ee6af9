namespace Envelope.Client.Models;

/// <summary>A target of a project, or an environment of a target.</summary>
public sealed class HierarchyNode
{
    /// <summary><c>target</c> or <c>environment</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>The node's ULID.</summary>
    public string Id { get; init; } = "";

    /// <summary>The node's slug, used in paths.</summary>
    public string Slug { get; init; } = "";

    /// <summary>The node's display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The node's description, if any.</summary>
    public string? Description { get; init; }

    /// <summary>When the node was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the node was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
