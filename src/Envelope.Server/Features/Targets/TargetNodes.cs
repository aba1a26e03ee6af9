using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Hierarchy;

namespace Envelope.Server.Features.Targets;

/// <summary>Targets as nodes of the hierarchy: the apps and services of a project.</summary>
internal sealed class TargetNodes() : HierarchyNodes<Project, Target>("target", "project")
{
    protected override IQueryable<Target> ChildrenOf(EnvelopeDbContext db, Project project) =>
        db.Targets.Where(t => t.ProjectId == project.Id).OrderBy(t => t.Slug);

    protected override Target New(Project project, string id, string slug, string name, string? description, DateTimeOffset now) =>
        new() { Id = id, ProjectId = project.Id, Slug = slug, Name = name, Description = description, CreatedAt = now, UpdatedAt = now };

    protected override void Change(Target target, string slug, string name, string? description, DateTimeOffset now) =>
        (target.Slug, target.Name, target.Description, target.UpdatedAt) = (slug, name, description, now);

    protected override HierarchyNodeResponse Describe(Target target) => HierarchyNodeResponse.From(target);

    protected override async Task<IRecoverable?> DeletedSiblingAsync(EnvelopeDbContext db, string parentId, string slug, CancellationToken cancellationToken) =>
        await db.Targets.IgnoreQueryFilters().FirstOrDefaultAsync(t => t.ProjectId == parentId && t.Slug == slug && t.DeletedAt != null, cancellationToken);

    protected override string IdOf(Project parent) => parent.Id;

    protected override string ParentIdOf(Target target) => target.ProjectId;

    protected override string ProjectIdOf(Project project) => project.Id;

    protected override Task<string> ProjectIdOfAsync(EnvelopeDbContext db, Target target, CancellationToken cancellationToken) => Task.FromResult(target.ProjectId);
}
