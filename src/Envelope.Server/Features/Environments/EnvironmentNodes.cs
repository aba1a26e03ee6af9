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

    protected override Task DeleteRowAsync(EnvelopeDbContext db, TargetEnvironment environment, CancellationToken cancellationToken) =>
        db.Environments.Where(e => e.Id == environment.Id).ExecuteDeleteAsync(cancellationToken);
}
