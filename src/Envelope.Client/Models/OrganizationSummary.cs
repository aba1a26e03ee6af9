namespace Envelope.Client.Models;

/// <summary>An organization's identity.</summary>
public sealed class OrganizationSummary
{
    /// <summary>The organization's ULID, used in every organization path.</summary>
    public string Id { get; init; } = "";

    /// <summary>The organization's display name.</summary>
    public string Name { get; init; } = "";
}
