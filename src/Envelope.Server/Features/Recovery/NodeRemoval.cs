using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Secrets;
using Envelope.Server.Keys;

namespace Envelope.Server.Features.Recovery;

/// <summary>
/// Deletes, restores and purges projects, targets and environments. A delete of a node that holds secrets or versions
/// (itself or below it) marks it deleted for the organization's recovery window; everything below stays as it was,
/// hidden by the model's filter, so a restore brings back the whole history. A node holding nothing, an explicit
/// permanent delete, and the purge job erase the row; the rest goes by ON DELETE CASCADE (keys included).
/// </summary>
internal sealed class NodeRemoval(EnvelopeDbContext db, SecretWriter writer, DataKeys dataKeys, TimeProvider time)
{
    public const string Delete = "delete";
    public const string Restore = "restore";
    public const string Purge = "purge";
    public const string Destroy = "destroy";

    /// <summary>Deletes a live node: into the window, or at once when it holds nothing or <paramref name="permanent"/>. Null when destroyed.</summary>
    public async Task<DeletedNodeResponse?> DeleteAsync(Caller caller, RecoverableNode node, bool permanent, CancellationToken cancellationToken)
    {
        var versions = await CountVersionsAsync(node, cancellationToken);
        if (permanent || (versions == 0 && !await HoldsSecretsAsync(node, cancellationToken)))
        {
            await EraseAsync(node, Destroy, caller, versions, lockProject: true, cancellationToken);
            return null;
        }

        var days = await db.Organizations.Where(o => o.Id == node.OrganizationId).Select(o => o.RecoveryWindowDays).SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        // Under the project's write lock, which also bumps its secrets revision: no store interleaves, and no read
        // cached before the delete is served after it.
        await writer.InProjectTransactionAsync(node.ProjectId, _ =>
        {
            node.Entity.DeletedAt = now;
            node.Entity.DeletedBy = caller.UserId ?? caller.TokenId;
            node.Entity.PurgeAt = now.AddDays(days);
            AuditLog.Record(db, time, caller, node.Action(Delete), node.ProjectId, node.Path, new { node_id = node.Id, versions, purge_at = node.Entity.PurgeAt });
            return Task.FromResult(true);
        }, cancellationToken);
        return DeletedNodeResponse.From(node, versions);
    }

    /// <summary>Brings a node in the window back whole; 409 while its parent is in the window too.</summary>
    public async Task<ApiErrorResult?> RestoreAsync(Caller caller, RecoverableNode node, CancellationToken cancellationToken)
    {
        if (node.ParentDeleted)
        {
            return ApiErrors.Conflict("parent_deleted",
                $"The {node.Kind} {node.Path} cannot be restored while the node above it is deleted: restore that first.");
        }

        var versions = await CountVersionsAsync(node, cancellationToken);
        node.Entity.DeletedAt = null;
        node.Entity.DeletedBy = null;
        node.Entity.PurgeAt = null;
        AuditLog.Record(db, time, caller, node.Action(Restore), node.ProjectId, node.Path, new { node_id = node.Id, versions });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Erases a node in the window at once, as asked by a caller.</summary>
    public async Task DestroyAsync(Caller caller, RecoverableNode node, CancellationToken cancellationToken) =>
        await EraseAsync(node, Destroy, caller, await CountVersionsAsync(node, cancellationToken), lockProject: false, cancellationToken);

    /// <summary>
    /// Erases every node whose window has passed. Several nodes of a cluster may run this at once: each erase is one
    /// DELETE conditioned on the purge still being due, so it removes the row for exactly one of them, and only that
    /// one records the event (in the same transaction). Returns how many this call purged.
    /// </summary>
    public async Task<int> PurgeDueAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        foreach (var node in await DeletedNodes.DueAsync(db, time.GetUtcNow(), cancellationToken))
        {
            if (await EraseAsync(node, Purge, null, await CountVersionsAsync(node, cancellationToken), lockProject: false, cancellationToken))
            {
                purged++;
            }
        }

        return purged;
    }

    private async Task<bool> EraseAsync(RecoverableNode node, string step, Caller? caller, int versions, bool lockProject, CancellationToken cancellationToken)
    {
        var erased = false;
        async Task<bool> Body()
        {
            erased = await DeleteRowAsync(node, step == Purge ? time.GetUtcNow() : null, cancellationToken) == 1;
            if (!erased)
            {
                return false;
            }

            var details = new { node_id = node.Id, versions };
            if (caller is null)
            {
                AuditLog.Record(db, time, node.OrganizationId, null, node.Action(step), node.ProjectId, node.Path, details);
            }
            else
            {
                AuditLog.Record(db, time, caller, node.Action(step), node.ProjectId, node.Path, details);
            }

            return true;
        }

        if (lockProject)
        {
            await writer.InProjectTransactionAsync(node.ProjectId, _ => Body(), cancellationToken);
        }
        else
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await Body())
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }

        if (erased && node.Kind == RecoverableNode.ProjectKind)
        {
            dataKeys.Forget(node.ProjectId);
        }

        return erased;
    }

    // One DELETE each; a purge's is conditioned on the purge still being due, which is the claim between nodes.
    private Task<int> DeleteRowAsync(RecoverableNode node, DateTimeOffset? due, CancellationToken cancellationToken) => node.Kind switch
    {
        RecoverableNode.ProjectKind => db.Projects.IgnoreQueryFilters()
            .Where(p => p.Id == node.Id && (due == null || (p.DeletedAt != null && p.PurgeAt <= due))).ExecuteDeleteAsync(cancellationToken),
        RecoverableNode.TargetKind => db.Targets.IgnoreQueryFilters()
            .Where(t => t.Id == node.Id && (due == null || (t.DeletedAt != null && t.PurgeAt <= due))).ExecuteDeleteAsync(cancellationToken),
        _ => db.Environments.IgnoreQueryFilters()
            .Where(e => e.Id == node.Id && (due == null || (e.DeletedAt != null && e.PurgeAt <= due))).ExecuteDeleteAsync(cancellationToken),
    };

    /// <summary>The versions kept of the node's levels, its own and those below it.</summary>
    public Task<int> CountVersionsAsync(RecoverableNode node, CancellationToken cancellationToken) =>
        db.SecretVersions.CountAsync(v => LevelsOf(node).Any(s => s.Id == v.SecretId), cancellationToken);

    /// <summary>The versions kept under each of <paramref name="nodes"/>, in one query whatever their number (a listing's page).</summary>
    public async Task<IReadOnlyList<int>> CountVersionsAsync(IReadOnlyList<RecoverableNode> nodes, CancellationToken cancellationToken)
    {
        var projectIds = nodes.Select(n => n.ProjectId).Distinct().ToList();
        var perLevel = await db.SecretVersions
            .Join(db.Secrets, v => v.SecretId, s => s.Id, (v, s) => new { s.ProjectId, s.TargetId, s.EnvironmentId })
            .Where(l => projectIds.Contains(l.ProjectId))
            .GroupBy(l => new { l.ProjectId, l.TargetId, l.EnvironmentId })
            .Select(g => new { g.Key.ProjectId, g.Key.TargetId, g.Key.EnvironmentId, Versions = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. nodes.Select(node => perLevel.Where(l => node.Kind switch
        {
            RecoverableNode.ProjectKind => l.ProjectId == node.Id,
            RecoverableNode.TargetKind => l.TargetId == node.Id,
            _ => l.EnvironmentId == node.Id,
        }).Sum(l => l.Versions))];
    }

    private Task<bool> HoldsSecretsAsync(RecoverableNode node, CancellationToken cancellationToken) =>
        LevelsOf(node).AnyAsync(s => s.Content != null, cancellationToken);

    private IQueryable<Secret> LevelsOf(RecoverableNode node) => node.Kind switch
    {
        RecoverableNode.ProjectKind => db.Secrets.Where(s => s.ProjectId == node.Id),
        RecoverableNode.TargetKind => db.Secrets.Where(s => s.TargetId == node.Id),
        _ => db.Secrets.Where(s => s.EnvironmentId == node.Id),
    };
}
