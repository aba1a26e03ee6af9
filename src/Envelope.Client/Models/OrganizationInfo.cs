namespace Envelope.Client.Models;

/// <summary>An organization with its plan and usage (<c>GET /api/v1/{org}</c>).</summary>
public sealed class OrganizationInfo
{
    /// <summary>The organization's ULID.</summary>
    public string Id { get; init; } = "";

    /// <summary>The organization's display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The organization's plan.</summary>
    public Plan Plan { get; init; } = new();

    /// <summary>What the organization uses of its plan.</summary>
    public OrganizationUsage Usage { get; init; } = new();

    /// <summary>When the organization was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
