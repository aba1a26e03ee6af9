using Envelope.Server.Features.Organizations;

namespace Envelope.Server.Features.Identity;

internal sealed record OrganizationSummary(string Id, string Name)
{
    public string Type => "organization";
}

internal sealed record PlanResponse(string Name, string DisplayName, int RetentionDays, int MaxProjects, int RequestsPerMinute)
{
    public string Type => "plan";

    public static PlanResponse From(Data.Entities.Plan p) => new(p.Name, p.DisplayName, p.RetentionDays, p.MaxProjects, p.RequestsPerMinute);
}

internal sealed record OrganizationUsage(int Projects);

internal sealed record OrganizationResponse(
    string Id, string Name, PlanResponse Plan, OrganizationUsage Usage, DateTimeOffset CreatedAt, OrganizationSettingsResponse Settings)
{
    public string Type => "organization";
}

internal sealed record MeResponse(
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

internal sealed record CreatedOrganizationResponse(OrganizationSummary Organization, string? Token);
