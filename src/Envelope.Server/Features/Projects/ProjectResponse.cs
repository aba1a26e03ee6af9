using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Projects;

/// <summary>A project as the API shows it. The key check and its salt are never part of it.</summary>
internal sealed record ProjectResponse(
    string Id,
    string Slug,
    string Name,
    string? Description,
    KeyManagement KeyManagement,
    int KeyVersion,
    string KeyState,
    HistoryPolicy HistoryPolicy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string Type => "project";

    public static ProjectResponse From(Project p) =>
        new(p.Id, p.Slug, p.Name, p.Description, p.KeyManagement, p.CurrentKeyVersion, Keys.KeyAvailability.Describe(p.KeyState), p.HistoryPolicy, p.CreatedAt, p.UpdatedAt);
}
