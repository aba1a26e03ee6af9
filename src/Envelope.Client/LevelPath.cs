namespace Envelope.Client;

/// <summary>
/// Names a level of a project's secrets by slugs: the project, a target of it, or an environment of a target. The
/// deepest slug given is the level; reads also return the levels above it.
/// </summary>
public sealed class LevelPath
{
    /// <summary>Names a level.</summary>
    /// <param name="project">The project's slug.</param>
    /// <param name="target">A target's slug, or <see langword="null"/> for the project level.</param>
    /// <param name="environment">An environment's slug (needs <paramref name="target"/>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A slug is empty, or an environment is given without a target.</exception>
    public LevelPath(string project, string? target = null, string? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        if (target is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(target);
        }

        if (environment is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(environment);
            if (target is null)
            {
                throw new ArgumentException("An environment level needs its target.", nameof(target));
            }
        }

        Project = project;
        Target = target;
        Environment = environment;
    }

    /// <summary>The project's slug.</summary>
    public string Project { get; }

    /// <summary>The target's slug, or <see langword="null"/>.</summary>
    public string? Target { get; }

    /// <summary>The environment's slug, or <see langword="null"/>.</summary>
    public string? Environment { get; }

    /// <summary>The level's path, such as <c>app/api/prod</c>.</summary>
    /// <returns>The slugs joined by <c>/</c>.</returns>
    public override string ToString() =>
        Environment is not null ? $"{Project}/{Target}/{Environment}" : Target is not null ? $"{Project}/{Target}" : Project;
}
