using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Features.Tokens;

public sealed record CreateTokenRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string? Name,
    [property: Required, MinLength(1)] IReadOnlyList<string>? Abilities,
    IReadOnlyList<string>? Projects,
    DateTimeOffset? ExpiresAt,
    bool? NeverExpires = null);

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
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    TokenCreator? CreatedBy)
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
    DateTimeOffset CreatedAt,
    TokenCreator? CreatedBy)
{
    public string Type => "token";
}

/// <summary>
/// Who created a token: <c>type</c> is <c>user</c> or <c>token</c>; null when it is not known (older tokens, provisioning).
/// A creating token the caller may not see is named by type only, so a narrow token does not learn the owner token's id.
/// </summary>
internal sealed record TokenCreator(string Type, string? Id)
{
    public static TokenCreator? Of(string? userId, string? tokenId) =>
        userId is not null ? new TokenCreator("user", userId) : tokenId is not null ? new TokenCreator("token", tokenId) : null;
}
