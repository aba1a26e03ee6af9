namespace Envelope.Client.Models;

/// <summary>What an organization uses of its plan.</summary>
public sealed class OrganizationUsage
{
    /// <summary>The number of projects.</summary>
    public int Projects { get; init; }
}
