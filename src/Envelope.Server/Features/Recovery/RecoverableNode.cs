using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Recovery;

/// <summary>
/// A project, target or environment with what a delete, restore or purge needs to know of it: its kind, its project
/// (for the project's write lock and the caller's reach), its path of slugs, and whether its parent is in the window.
/// </summary>
internal sealed record RecoverableNode(string Kind, IRecoverable Entity, string OrganizationId, string ProjectId, string Path, bool ParentDeleted = false)
{
    public const string ProjectKind = "project";
    public const string TargetKind = "target";
    public const string EnvironmentKind = "environment";

    public string Id => Entity.Id;

    public static RecoverableNode Of(Project project) =>
        new(ProjectKind, project, project.OrganizationId, project.Id, project.Slug);

    public static RecoverableNode Of(Project project, Target target) =>
        new(TargetKind, target, project.OrganizationId, project.Id, $"{project.Slug}/{target.Slug}", project.DeletedAt is not null);

    public static RecoverableNode Of(Project project, Target target, TargetEnvironment environment) =>
        new(EnvironmentKind, environment, project.OrganizationId, project.Id, $"{project.Slug}/{target.Slug}/{environment.Slug}",
            project.DeletedAt is not null || target.DeletedAt is not null);

    /// <summary>The ability that deletes this kind of node; it also lists, restores and (with secret:purge) destroys it.</summary>
    public string DeleteAbility => Kind switch
    {
        ProjectKind => Auth.Abilities.ProjectDelete,
        TargetKind => Auth.Abilities.TargetDelete,
        _ => Auth.Abilities.EnvironmentDelete,
    };

    /// <summary>The audit action of <paramref name="step"/> (delete, restore, purge, destroy) for this kind: <c>target.restore</c>.</summary>
    public string Action(string step) => $"{Kind}.{step}";
}
