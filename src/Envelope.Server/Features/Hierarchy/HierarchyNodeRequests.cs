using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Features.Hierarchy;

/// <summary>Creates a target or an environment; without a slug, one is derived from the name.</summary>
public sealed record CreateHierarchyNodeRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string? Name,
    [property: Slug] string? Slug,
    [property: StringLength(2000)] string? Description);

/// <summary>Changes what is given of a target or an environment.</summary>
public sealed record UpdateHierarchyNodeRequest(
    [property: StringLength(200, MinimumLength = 1)] string? Name,
    [property: Slug] string? Slug,
    [property: StringLength(2000)] string? Description);

/// <summary>A target or an environment as the API shows it.</summary>
internal sealed record HierarchyNodeResponse(
    string Type,
    string Id,
    string Slug,
    string Name,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static HierarchyNodeResponse From(Data.Entities.Target t) =>
        new("target", t.Id, t.Slug, t.Name, t.Description, t.CreatedAt, t.UpdatedAt);

    public static HierarchyNodeResponse From(Data.Entities.TargetEnvironment e) =>
        new("environment", e.Id, e.Slug, e.Name, e.Description, e.CreatedAt, e.UpdatedAt);
}
