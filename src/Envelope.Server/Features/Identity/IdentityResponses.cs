namespace Envelope.Server.Features.Identity;

public sealed record OrganizationSummary(string Id, string Name)
{
    public string Type => "organization";
}

public sealed record PlanResponse(string Name, string DisplayName, int RetentionDays, int MaxProjects, int RequestsPerMinute)
{
    public string Type => "plan";

    public static PlanResponse From(Data.Entities.Plan p) => new(p.Name, p.DisplayName, p.RetentionDays, p.MaxProjects, p.RequestsPerMinute);
}

public sealed record OrganizationUsage(int Projects);

public sealed record OrganizationResponse(string Id, string Name, PlanResponse Plan, OrganizationUsage Usage, DateTimeOffset CreatedAt)
{
    public string Type => "organization";
}

public sealed record MeResponse(
    string Type,
    string Id,
    string Name,
    OrganizationSummary Organization,
    IReadOnlyList<string> Abilities,
    IReadOnlyList<string>? Projects,
    DateTimeOffset? ExpiresAt,
    string? Role = null);

public sealed record CreateOrganizationRequest(
    [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.StringLength(200, MinimumLength = 1)] string? Name);

public sealed record CreatedOrganizationResponse(OrganizationSummary Organization, string? Token);
