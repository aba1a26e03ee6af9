namespace Envelope.Cli.Configuration;

/// <summary>What <c>envelope login</c> keeps: one server, its token and the token's organization.</summary>
internal sealed class StoredCredentials
{
    public required string Server { get; init; }

    public required string Token { get; init; }

    public required string Organization { get; init; }

    public string? OrganizationName { get; init; }

    public string? TokenName { get; init; }
}
