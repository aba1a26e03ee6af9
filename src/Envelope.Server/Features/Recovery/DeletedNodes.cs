using Envelope.Server.Data;

namespace Envelope.Server.Features.Recovery;

/// <summary>Finds nodes in the recovery window: the only queries that look past the model's filter on deleted nodes.</summary>
internal static class DeletedNodes
{
    /// <summary>Every node of the organization in the window (a deleted parent's own deleted children included), newest first.</summary>
    public static async Task<List<RecoverableNode>> InWindowAsync(EnvelopeDbContext db, string organizationId, CancellationToken cancellationToken)
    {
        var nodes = await QueryAsync(db, organizationId, null, cancellationToken);
        return [.. nodes.OrderByDescending(n => n.Entity.DeletedAt).ThenBy(n => n.Path, StringComparer.Ordinal)];
    }

    /// <summary>The node in the window with <paramref name="id"/>, of any kind; null when there is none.</summary>
    public static async Task<RecoverableNode?> FindAsync(EnvelopeDbContext db, string organizationId, string id, CancellationToken cancellationToken) =>
        (await QueryAsync(db, organizationId, id, cancellationToken)).SingleOrDefault();

    /// <summary>Nodes in the window whose purge is due, of every organization, projects first (their purge takes their children along).</summary>
    public static async Task<List<RecoverableNode>> DueAsync(EnvelopeDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var projects = await db.Projects.IgnoreQueryFilters().AsNoTracking().Where(p => p.PurgeAt <= now).ToListAsync(cancellationToken);
        var targets = await (
                from t in db.Targets.IgnoreQueryFilters().AsNoTracking()
                join p in db.Projects.IgnoreQueryFilters().AsNoTracking() on t.ProjectId equals p.Id
                where t.PurgeAt <= now
                select new { t, p })
            .ToListAsync(cancellationToken);
        var environments = await (
                from e in db.Environments.IgnoreQueryFilters().AsNoTracking()
                join t in db.Targets.IgnoreQueryFilters().AsNoTracking() on e.TargetId equals t.Id
                join p in db.Projects.IgnoreQueryFilters().AsNoTracking() on t.ProjectId equals p.Id
                where e.PurgeAt <= now
                select new { e, t, p })
            .ToListAsync(cancellationToken);
        return [.. projects.Select(RecoverableNode.Of), .. targets.Select(x => RecoverableNode.Of(x.p, x.t)), .. environments.Select(x => RecoverableNode.Of(x.p, x.t, x.e))];
    }

    private static async Task<List<RecoverableNode>> QueryAsync(EnvelopeDbContext db, string organizationId, string? id, CancellationToken cancellationToken)
    {
        var projects = await db.Projects.IgnoreQueryFilters()
            .Where(p => p.OrganizationId == organizationId && p.DeletedAt != null && (id == null || p.Id == id))
            .ToListAsync(cancellationToken);
        var targets = await (
                from t in db.Targets.IgnoreQueryFilters()
                join p in db.Projects.IgnoreQueryFilters() on t.ProjectId equals p.Id
                where p.OrganizationId == organizationId && t.DeletedAt != null && (id == null || t.Id == id)
                select new { t, p })
            .ToListAsync(cancellationToken);
        var environments = await (
                from e in db.Environments.IgnoreQueryFilters()
                join t in db.Targets.IgnoreQueryFilters() on e.TargetId equals t.Id
                join p in db.Projects.IgnoreQueryFilters() on t.ProjectId equals p.Id
                where p.OrganizationId == organizationId && e.DeletedAt != null && (id == null || e.Id == id)
                select new { e, t, p })
            .ToListAsync(cancellationToken);
        return [.. projects.Select(RecoverableNode.Of), .. targets.Select(x => RecoverableNode.Of(x.p, x.t)), .. environments.Select(x => RecoverableNode.Of(x.p, x.t, x.e))];
    }
}
