using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Hierarchy;

/// <summary>
/// Finds projects, targets and environments by slug within what the caller may reach. A project outside a
/// restricted token's list is reported missing, exactly like one that does not exist.
/// </summary>
internal static class HierarchyLookup
{
    public static async Task<Project?> FindProjectAsync(this EnvelopeDbContext db, Caller caller, string slug, CancellationToken cancellationToken)
    {
        var project = await db.Projects.SingleOrDefaultAsync(p => p.OrganizationId == caller.OrganizationId && p.Slug == slug, cancellationToken);
        return project is not null && caller.CanReach(project.Id) ? project : null;
    }

    public static Task<Target?> FindTargetAsync(this EnvelopeDbContext db, Project project, string slug, CancellationToken cancellationToken) =>
        db.Targets.SingleOrDefaultAsync(t => t.ProjectId == project.Id && t.Slug == slug, cancellationToken);

    public static Task<TargetEnvironment?> FindEnvironmentAsync(this EnvelopeDbContext db, Target target, string slug, CancellationToken cancellationToken) =>
        db.Environments.SingleOrDefaultAsync(e => e.TargetId == target.Id && e.Slug == slug, cancellationToken);

    public static async Task<Target?> FindTargetAsync(this EnvelopeDbContext db, Caller caller, string projectSlug, string targetSlug, CancellationToken cancellationToken) =>
        await db.FindProjectAsync(caller, projectSlug, cancellationToken) is { } project
            ? await db.FindTargetAsync(project, targetSlug, cancellationToken)
            : null;

    public static async Task<TargetEnvironment?> FindEnvironmentAsync(
        this EnvelopeDbContext db, Caller caller, string projectSlug, string targetSlug, string environmentSlug, CancellationToken cancellationToken) =>
        await db.FindTargetAsync(caller, projectSlug, targetSlug, cancellationToken) is { } target
            ? await db.FindEnvironmentAsync(target, environmentSlug, cancellationToken)
            : null;
}
