using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Features.Tokens;

public sealed record CreateTokenRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string? Name,
    [property: Required, MinLength(1)] IReadOnlyList<string>? Abilities,
    IReadOnlyList<string>? Projects,
    DateTimeOffset? ExpiresAt);

/// <summary>A token as listed: never its plaintext, which only the create response carries.</summary>
internal sealed record TokenResponse(
    string Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> Abilities,
    IReadOnlyList<string>? Projects,
    string Status,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset CreatedAt)
{
    public string Type => "token";
}

internal sealed record CreatedTokenResponse(
    string Id,
    string Name,
    string Token,
    IReadOnlyList<string> Abilities,
    IReadOnlyList<string>? Projects,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt)
{
    public string Type => "token";
}
