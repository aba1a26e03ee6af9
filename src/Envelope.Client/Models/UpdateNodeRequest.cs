namespace Envelope.Client.Models;

/// <summary>Changes to a target or an environment: the properties given change, the others stay.</summary>
public sealed class UpdateNodeRequest
{
    /// <summary>A new display name.</summary>
    public string? Name { get; init; }

    /// <summary>A new slug.</summary>
    public string? Slug { get; init; }

    /// <summary>A new description.</summary>
    public string? Description { get; init; }
}
