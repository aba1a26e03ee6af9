namespace Envelope.Client.Models;

/// <summary>A new target or environment.</summary>
public sealed class CreateNodeRequest
{
    /// <summary>The display name (1 to 200 characters).</summary>
    public required string Name { get; init; }

    /// <summary>The slug; derived from the name when <see langword="null"/>.</summary>
    public string? Slug { get; init; }

    /// <summary>An optional description.</summary>
    public string? Description { get; init; }
}
