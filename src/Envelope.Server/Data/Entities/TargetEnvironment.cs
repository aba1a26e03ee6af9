namespace Envelope.Server.Data.Entities;

/// <summary>An environment (production, staging, …) of a target.</summary>
internal sealed class TargetEnvironment : IRecoverable
{
    public required string Id { get; init; }
    public required string TargetId { get; init; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set while the node is in the recovery window (see <see cref="IRecoverable"/>).</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }
    public DateTimeOffset? PurgeAt { get; set; }
}
