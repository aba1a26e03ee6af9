namespace Envelope.Client.Models;

/// <summary>A new organization and its owner token. The token is shown only once: store it now.</summary>
public sealed class CreatedOrganization
{
    /// <summary>The organization.</summary>
    public OrganizationSummary Organization { get; init; } = new();

    /// <summary>The plaintext owner token of the organization.</summary>
    public string Token { get; init; } = "";
}
