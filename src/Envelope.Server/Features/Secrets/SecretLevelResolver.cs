using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Infrastructure;

namespace Envelope.Server.Features.Secrets;

/// <summary>A level of the hierarchy, resolved from slugs: the project, and the target and environment when given.</summary>
public sealed record ResolvedLevel(Project Project, Target? Target, TargetEnvironment? Environment)
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

public static class SecretLevelResolver
{
    /// <summary>Finds the level, or the 404/422 to answer.</summary>
    public static async Task<(ResolvedLevel? Level, ApiErrorResult? Error)> ResolveAsync(
        EnvelopeDbContext db, Caller caller, string? project, string? target, string? environment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(project))
        {
            return (null, ApiErrors.Validation("project", "Is required."));
        }

        if (environment is not null && target is null)
        {
            return (null, ApiErrors.Validation("target", "Is required when an environment is given."));
        }

        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } foundProject)
        {
            return (null, ApiErrors.NotFound("project"));
        }

        Target? foundTarget = null;
        if (target is not null && (foundTarget = await db.FindTargetAsync(foundProject, target, cancellationToken)) is null)
        {
            return (null, ApiErrors.NotFound("target"));
        }

        TargetEnvironment? foundEnvironment = null;
        if (environment is not null && (foundEnvironment = await db.FindEnvironmentAsync(foundTarget!, environment, cancellationToken)) is null)
        {
            return (null, ApiErrors.NotFound("environment"));
        }

        return (new ResolvedLevel(foundProject, foundTarget, foundEnvironment), null);
    }
}
