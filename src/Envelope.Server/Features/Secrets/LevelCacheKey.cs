using Envelope.Server.Auth;

namespace Envelope.Server.Features.Secrets;

/// <summary>A level as named in a request: the caller's organization and the slugs, exactly as given.</summary>
internal readonly record struct LevelCacheKey(string OrganizationId, string Project, string? Target, string? Environment)
{
    public static LevelCacheKey For(Caller caller, ILevelRequest slugs) =>
        new(caller.OrganizationId, slugs.Project ?? string.Empty, slugs.Target, slugs.Environment);
}
