using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Versions;

/// <summary>A version with its level and project, found only within what the caller may reach.</summary>
internal sealed record FoundVersion(SecretVersion Version, Secret Secret, Project Project, int RetentionDays);

/// <summary>The version at stage current: its global id and its number within the level.</summary>
internal sealed record CurrentVersion(long Id, int Number);

internal static class VersionLookup
{
    public static async Task<FoundVersion?> FindAsync(EnvelopeDbContext db, Caller caller, long id, CancellationToken cancellationToken)
    {
        var found = await (
                from version in db.SecretVersions
                join secret in db.Secrets on version.SecretId equals secret.Id
                join project in db.Projects on secret.ProjectId equals project.Id
                join organization in db.Organizations on project.OrganizationId equals organization.Id
                where version.Id == id && project.OrganizationId == caller.OrganizationId
                // A level under a target or environment in the recovery window is out of reach like the node itself.
                      && (secret.TargetId == null || db.Targets.Any(t => t.Id == secret.TargetId))
                      && (secret.EnvironmentId == null || db.Environments.Any(e => e.Id == secret.EnvironmentId))
                select new { version, secret, project, organization.Plan!.RetentionDays })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null || !caller.CanReach(found.project.Id)
            ? null
            : new FoundVersion(found.version, found.secret, found.project, found.RetentionDays);
    }

    public static bool IsLocked(DateTimeOffset createdAt, int retentionDays, DateTimeOffset now) =>
        createdAt < now.AddDays(-retentionDays);

    /// <summary>The retention gate, checked before anything else about a version: 403 version_locked outside the plan's window.</summary>
    public static ApiErrorResult? RetentionGate(FoundVersion found, DateTimeOffset now) =>
        IsLocked(found.Version.CreatedAt, found.RetentionDays, now)
            ? ApiErrors.Forbidden("version_locked", $"The version is older than the plan's {found.RetentionDays}-day history window. Upgrade the plan to access it.",
                new Dictionary<string, object?> { ["retention_days"] = found.RetentionDays, ["version_created_at"] = found.Version.CreatedAt })
            : null;

    public static ApiErrorResult Destroyed(SecretVersion version) =>
        new(StatusCodes.Status410Gone, new("version_destroyed", $"Version {version.Id} was destroyed; its content is gone. Its metadata stays in the history."));

    /// <summary>
    /// The only snapshot left of a deleted level is the one way back; removing it takes an explicit force.
    /// </summary>
    public static async Task<ApiErrorResult?> ProtectionAsync(EnvelopeDbContext db, FoundVersion found, bool force, CancellationToken cancellationToken)
    {
        if (force || found.Secret.Content is not null || found.Version.Content is null)
        {
            return null;
        }

        var others = await db.SecretVersions.AnyAsync(v => v.SecretId == found.Secret.Id && v.Id != found.Version.Id && v.Content != null, cancellationToken);
        return others
            ? null
            : ApiErrors.Unprocessable("version_protected", "This is the only snapshot of a deleted secret. Pass force=true to remove it anyway.");
    }

    /// <summary>
    /// The level's version at stage current: its newest active one (docs/api.md, "Versions"). Not
    /// <see cref="Secret.CurrentVersionId"/>, which is null after a delete or a no_backup store although the level still
    /// has a newest version; null only when every version of the level is destroyed or gone.
    /// </summary>
    public static Task<CurrentVersion?> CurrentAsync(EnvelopeDbContext db, string secretId, CancellationToken cancellationToken) =>
        db.SecretVersions.AsNoTracking()
            .Where(v => v.SecretId == secretId && v.Status == VersionStatus.Active)
            .OrderByDescending(v => v.Id)
            .Select(v => new CurrentVersion(v.Id, v.Number))
            .FirstOrDefaultAsync(cancellationToken);

    public static VersionResponse ToResponse(
        SecretVersion v, Secret secret, CurrentVersion? current, int retentionDays, DateTimeOffset now, bool withContent = false, Keys.KeyDescriptor? key = null, string? organizationId = null) => new(
        v.Id,
        v.Number,
        v.SecretId,
        Secrets.SecretReader.LevelName(secret.Level),
        v.Reason.ToString().ToLowerInvariant(),
        v.Status.ToString().ToLowerInvariant(),
        current?.Id == v.Id ? "current" : null,
        v.KeyVersion,
        v.Bytes,
        IsLocked(v.CreatedAt, retentionDays, now),
        v.RestoredFromId,
        v.CreatedAt,
        v.LastAccessedAt,
        v.DestroyedAt,
        LinkOf(v),
        withContent ? v.Content : null,
        key,
        withContent && organizationId is not null ? new Secrets.LevelPlace(organizationId, secret.ProjectId, secret.TargetId, secret.EnvironmentId) : null);

    public static VersionLink LinkOf(SecretVersion v) => new(
        Hex(v.Hash),
        Hex(v.PreviousHash),
        v.PreviousVersionId,
        Hex(v.ContentSha256),
        v.WrittenKeyVersion,
        Secrets.VersionChain.UnixMilliseconds(v.CreatedAt),
        v.CreatedByTokenId,
        Hex(v.ReEncryptionHash));

    private static string? Hex(byte[]? bytes) => bytes is null ? null : Convert.ToHexStringLower(bytes);
}
