namespace Envelope.Server.Data.Entities;

internal sealed class Organization
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string PlanName { get; set; }
    public Plan? Plan { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
