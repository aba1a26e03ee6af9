namespace Envelope.Server.Features.Secrets;

/// <summary>
/// A read's response depends on the level's ids and the options applicable there (what was ignored is named in the
/// body), not on the caller.
/// </summary>
internal readonly record struct ReadCacheKey(string ProjectId, string? TargetId, string? EnvironmentId, bool Decrypt, MergeMode Merge, bool Raw, string? Ignored)
{
    public static ReadCacheKey For(ResolvedLevel level, SecretReadOptions options) =>
        new(level.Project.Id, level.Target?.Id, level.Environment?.Id, options.Decrypt, options.Merge, options.Raw, options.Ignored);
}
