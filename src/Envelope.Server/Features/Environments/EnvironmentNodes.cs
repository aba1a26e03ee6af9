using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Hierarchy;

namespace Envelope.Server.Features.Environments;

/// <summary>Environments as nodes of the hierarchy: production, staging and the like, of a target.</summary>
internal sealed class EnvironmentNodes() : HierarchyNodes<Target, TargetEnvironment>("environment", "target")
{
    protected override IQueryable<TargetEnvironment> ChildrenOf(EnvelopeDbContext db, Target target) =>
        db.Environments.Where(e => e.TargetId == target.Id).OrderBy(e => e.Slug);

    protected override TargetEnvironment New(Target target, string id, string slug, string name, string? description, DateTimeOffset now) =>
        new() { Id = id, TargetId = target.Id, Slug = slug, Name = name, Description = description, CreatedAt = now, UpdatedAt = now };

    protected override void Change(TargetEnvironment environment, string slug, string name, string? description, DateTimeOffset now) =>
        (environment.Slug, environment.Name, environment.Description, environment.UpdatedAt) = (slug, name, description, now);

    protected override HierarchyNodeResponse Describe(TargetEnvironment environment) => HierarchyNodeResponse.From(environment);

    protected override async Task<IRecoverable?> DeletedSiblingAsync(EnvelopeDbContext db, string parentId, string slug, CancellationToken cancellationToken) =>
        await db.Environments.IgnoreQueryFilters().FirstOrDefaultAsync(e => e.TargetId == parentId && e.Slug == slug && e.DeletedAt != null, cancellationToken);

    protected override string IdOf(Target parent) => parent.Id;

    protected override string ParentIdOf(TargetEnvironment environment) => environment.TargetId;

    protected override string ProjectIdOf(Target target) => target.ProjectId;

    protected override Task<string> ProjectIdOfAsync(EnvelopeDbContext db, TargetEnvironment environment, CancellationToken cancellationToken) =>
        db.Targets.IgnoreQueryFilters().Where(t => t.Id == environment.TargetId).Select(t => t.ProjectId).SingleAsync(cancellationToken);
}
