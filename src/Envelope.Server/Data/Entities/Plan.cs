namespace Envelope.Server.Data.Entities;

/// <summary>A row of the plan catalog; seeded by the migrations, changed only by operators.</summary>
internal sealed class Plan
{
    public required string Name { get; init; }
    public required string DisplayName { get; set; }
    public int RetentionDays { get; set; }
    public int MaxProjects { get; set; }
    public int RequestsPerMinute { get; set; }

    public const string Free = "free";
    public const string Team = "team";
    public const string Business = "business";
    public const string Default = Free;

    internal static readonly Plan[] Catalog =
    [
        new() { Name = Free, DisplayName = "Free", RetentionDays = 7, MaxProjects = 3, RequestsPerMinute = 100 },
        new() { Name = Team, DisplayName = "Team", RetentionDays = 90, MaxProjects = 50, RequestsPerMinute = 300 },
        new() { Name = Business, DisplayName = "Business", RetentionDays = 365, MaxProjects = 1000, RequestsPerMinute = 1000 },
    ];
}
