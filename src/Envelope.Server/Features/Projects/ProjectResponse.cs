using Envelope.Server.Data.Entities;
using Envelope.Server.Keys;

namespace Envelope.Server.Features.Projects;

/// <summary>A project as the API shows it. The key check and its salt are never part of it; a passphrase's KDF metadata is (on a single project's read).</summary>
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
    DateTimeOffset UpdatedAt,
    PassphraseKdfResponse? Kdf = null)
{
    public string Type => "project";

    /// <summary>The project; with <paramref name="currentKey"/>, the KDF metadata of its current key when a passphrase derived it.</summary>
    public static ProjectResponse From(Project p, ProjectKey? currentKey = null) =>
        new(p.Id, p.Slug, p.Name, p.Description, p.KeyManagement, p.CurrentKeyVersion, KeyAvailability.Describe(p.KeyState), p.HistoryPolicy, p.CreatedAt, p.UpdatedAt,
            PassphraseKdfResponse.From(currentKey));
}
