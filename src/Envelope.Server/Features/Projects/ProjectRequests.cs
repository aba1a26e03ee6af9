using System.ComponentModel.DataAnnotations;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Projects;

public sealed record CreateProjectRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string? Name,
    [property: Slug] string? Slug,
    [property: StringLength(2000)] string? Description,
    KeyManagement? KeyManagement,
    [property: Base64Bytes(32)] string? KeyCheck,
    [property: Base64Bytes(16)] string? KeyCheckSalt,
    [property: Range(Crypto.KeyProof.MinimumIterations, 10_000_000)] int? KeyCheckIterations,
    HistoryPolicy? HistoryPolicy,
    Keys.PassphraseKdfRequest? Kdf = null);

public sealed record UpdateProjectRequest(
    [property: StringLength(200, MinimumLength = 1)] string? Name,
    [property: Slug] string? Slug,
    [property: StringLength(2000)] string? Description,
    HistoryPolicy? HistoryPolicy);
