namespace Envelope.Cli.Configuration;

/// <summary>The level a directory is linked to, kept in <c>.envelope.json</c> by <c>envelope link</c>.</summary>
internal sealed class ProjectLink
{
    public required string Project { get; init; }

    public string? Target { get; init; }

    public string? Environment { get; init; }
}
