using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Secrets;

/// <summary>A level of the hierarchy, resolved from slugs: the project, and the target and environment when given.</summary>
internal sealed record ResolvedLevel(Project Project, Target? Target, TargetEnvironment? Environment)
{
    public SecretLevel Level => Environment is not null ? SecretLevel.Environment : Target is not null ? SecretLevel.Target : SecretLevel.Project;

    /// <summary>The deepest node's id: the key of the level's secret row.</summary>
    public string LevelId => Environment?.Id ?? Target?.Id ?? Project.Id;

    /// <summary>The deepest slug given, as the store response's <c>source</c>.</summary>
    public string Source => Environment?.Slug ?? Target?.Slug ?? Project.Slug;

    /// <summary>The level ids from the project down to this level, shallowest first.</summary>
    public IReadOnlyList<(SecretLevel Level, string Id)> Chain =>
        [(SecretLevel.Project, Project.Id), .. Target is null ? [] : new[] { (SecretLevel.Target, Target.Id) }, .. Environment is null ? [] : new[] { (SecretLevel.Environment, Environment.Id) }];

    public string Path => string.Join('/', new[] { Project.Slug, Target?.Slug, Environment?.Slug }.Where(s => s is not null));
}

internal static class SecretLevelResolver
{
    /// <summary>Finds the level, or the 404/422 to answer.</summary>
    public static Task<(ResolvedLevel? Level, ApiErrorResult? Error)> ResolveAsync(
        EnvelopeDbContext db, Caller caller, string? project, string? target, string? environment, CancellationToken cancellationToken) =>
        ResolveCoreAsync(db, db.Projects, caller, project, target, environment, cancellationToken);

    private static async Task<(ResolvedLevel? Level, ApiErrorResult? Error)> ResolveCoreAsync(
        EnvelopeDbContext db, IQueryable<Project> projects, Caller caller, string? project, string? target, string? environment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(project))
        {
            return (null, ApiErrors.Validation("project", "Is required."));
        }

        if (environment is not null && target is null)
        {
            return (null, ApiErrors.Validation("target", "Is required when an environment is given."));
        }

        // One round trip for the three slugs: this runs on every secret read and write.
        var targetSlug = target ?? string.Empty;
        var environmentSlug = environment ?? string.Empty;
        var found = await (
                from p in projects
                where p.OrganizationId == caller.OrganizationId && p.Slug == project
                join t in db.Targets.Where(t => t.Slug == targetSlug) on p.Id equals t.ProjectId into targets
                from t in targets.DefaultIfEmpty()
                join e in db.Environments.Where(e => e.Slug == environmentSlug) on t.Id equals e.TargetId into environments
                from e in environments.DefaultIfEmpty()
                select new { Project = p, Target = t, Environment = e })
            .FirstOrDefaultAsync(cancellationToken);

        if (found is null || !caller.CanReach(found.Project.Id))
        {
            return (null, ApiErrors.NotFound("project"));
        }

        var (foundProject, foundTarget, foundEnvironment) = (found.Project, found.Target, found.Environment);
        if (target is not null && foundTarget is null)
        {
            return (null, ApiErrors.NotFound("target"));
        }

        if (environment is not null && foundEnvironment is null)
        {
            return (null, ApiErrors.NotFound("environment"));
        }

        return (new ResolvedLevel(foundProject, foundTarget, foundEnvironment), null);
    }

    /// <summary>
    /// As <see cref="ResolveAsync"/> for reads: on SQLite from <paramref name="cache"/> while the database is unchanged
    /// since <paramref name="databaseStamp"/> was taken (no query), and with the stamp the read's response is cached
    /// under. The level's entities are shared between requests then, so they are read untracked and must not be changed.
    /// </summary>
    public static async Task<(ResolvedLevel? Level, ApiErrorResult? Error, long? Stamp)> ResolveForReadAsync(
        EnvelopeDbContext db, SecretReadCache cache, long? databaseStamp, Caller caller, ILevelRequest slugs, CancellationToken cancellationToken)
    {
        var key = LevelCacheKey.For(caller, slugs);
        if (cache.GetLevel(key, databaseStamp) is { } cached)
        {
            return caller.CanReach(cached.Project.Id)
                ? (cached, null, cache.ReadStamp(databaseStamp, cached))
                : (null, ApiErrors.NotFound("project"), null);
        }

        var (level, error) = await ResolveCoreAsync(db, db.Projects.AsNoTracking(), caller, slugs.Project, slugs.Target, slugs.Environment, cancellationToken);
        if (level is null)
        {
            return (null, error, null);
        }

        cache.SetLevel(key, databaseStamp, level);
        return (level, null, cache.ReadStamp(databaseStamp, level));
    }
}
