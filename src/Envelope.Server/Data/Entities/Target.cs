namespace Envelope.Server.Data.Entities;

/// <summary>An app or service of a project.</summary>
internal sealed class Target : IRecoverable
{
    public required string Id { get; init; }
    public required string ProjectId { get; init; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set while the node is in the recovery window (see <see cref="IRecoverable"/>).</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }
    public DateTimeOffset? PurgeAt { get; set; }
    public List<TargetEnvironment> Environments { get; } = [];
}
