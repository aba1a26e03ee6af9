namespace Envelope.Server.Data.Entities;

/// <summary>An app or service of a project.</summary>
internal sealed class Target
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<TargetEnvironment> Environments { get; } = [];
}
