using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Secrets;
using Envelope.Server.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Versions;

internal static class VersionsEndpoints
{
    public static RouteGroupBuilder MapVersionsEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/secrets/versions").WithTags("Secret versions");

        group.MapPost("/", ListVersions).WithName("ListVersions").WithSummary("List a level's versions, newest first").RequireAbility(Abilities.SecretHistory);
        group.MapGet("/verify", VerifyChain).WithName("VerifyVersionChain").WithSummary("Walk a level's version chain and name its first break").RequireAbility(Abilities.SecretHistory);
        group.MapGet("/{version:long}", GetVersion).WithName("GetVersion").WithSummary("Fetch a version with its content and key descriptor").RequireAbility(Abilities.SecretHistory);
        group.MapPost("/{version:long}/restore", VersionChanges.Restore).WithName("RestoreVersion").WithSummary("Make a version's content current again (append-only)").RequireAbility(Abilities.SecretRestore);
        group.MapDelete("/{version:long}", VersionChanges.DeleteVersion).WithName("DeleteVersion").WithSummary("Delete one version").RequireAbility(Abilities.SecretPurge);
        group.MapPost("/{version:long}/destroy", VersionChanges.Destroy).WithName("DestroyVersion").WithSummary("Wipe a version's content, keep its metadata").RequireAbility(Abilities.SecretPurge);
        group.MapPost("/purge", VersionChanges.Purge).WithName("PurgeVersions").WithSummary("Delete the history of a level or a whole project").RequireAbility(Abilities.SecretPurge);
        return organization;
    }

    public static async Task<Results<Ok<DataResponse<List<VersionResponse>>>, ApiErrorResult>> ListVersions(
        ListVersionsRequest request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var (level, error) = await SecretLevelResolver.ResolveAsync(db, caller, request.Project, request.Target, request.Environment, cancellationToken);
        if (level is null)
        {
            return error!;
        }

        var secret = await db.Secrets.AsNoTracking().SingleOrDefaultAsync(s => s.LevelId == level.LevelId, cancellationToken);
        var retentionDays = await db.Organizations.Where(o => o.Id == caller.OrganizationId).Select(o => o.Plan!.RetentionDays).SingleAsync(cancellationToken);
        var page = PageRequest.From(request.Page?.ToString(System.Globalization.CultureInfo.InvariantCulture), request.PerPage?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (secret is null)
        {
            return TypedResults.Ok(page.ToPage(new List<VersionResponse>()));
        }

        var now = time.GetUtcNow();
        var current = await VersionLookup.CurrentAsync(db, secret.Id, cancellationToken);
        var versions = db.SecretVersions.AsNoTracking().Where(v => v.SecretId == secret.Id).OrderByDescending(v => v.Id);
        var listed = await page.ToPageAsync(versions, v => VersionLookup.ToResponse(v, secret, current, retentionDays, now), cancellationToken);
        var meta = (PageMeta)listed.Meta!;
        return TypedResults.Ok(listed with { Meta = new VersionListMeta(meta.CurrentPage, meta.PerPage, meta.Total, meta.LastPage, current?.Number, current?.Id) });
    }

    /// <summary>Every version the level ever had, tombstones included, oldest first: the chain is only whole with all of them.</summary>
    public static async Task<Results<Ok<DataResponse<ChainVerification>>, ApiErrorResult>> VerifyChain(
        string project, string? target, string? environment, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var (level, error) = await SecretLevelResolver.ResolveAsync(db, caller, project, target, environment, cancellationToken);
        if (level is null)
        {
            return error!;
        }

        var versions = await db.SecretVersions.IgnoreQueryFilters().AsNoTracking()
            .Where(v => db.Secrets.Any(s => s.Id == v.SecretId && s.LevelId == level.LevelId))
            .OrderBy(v => v.Id)
            .ToListAsync(cancellationToken);
        var verification = VersionChain.Verify(versions);
        return TypedResults.Ok(DataResponse.Of(verification, verification.Valid
            ? $"The chain of {verification.VersionsChecked} versions holds."
            : $"The chain breaks at version {verification.FirstBreak!.Number}: {verification.FirstBreak.Reason}."));
    }

    public static async Task<Results<Ok<DataResponse<VersionResponse>>, ApiErrorResult>> GetVersion(
        long version, Caller caller, EnvelopeDbContext db, KeyDescriptors descriptors, LastAccessRecorder access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await VersionLookup.FindAsync(db, caller, version, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("version");
        }

        var now = time.GetUtcNow();
        if (VersionLookup.RetentionGate(found, now) is { } locked)
        {
            return locked;
        }

        if (found.Version.Content is null)
        {
            return VersionLookup.Destroyed(found.Version);
        }

        access.Record(found.Version.Id, now);
        // The data key itself goes only to holders of key:retrieve; secret:history alone must not let a token decrypt.
        var includeKey = caller.Has(Abilities.KeyRetrieve);
        if (includeKey)
        {
            await KeyRetrievalAudit.RecordAsync(db, time, caller, found.Project.Id, found.Version.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new { via = "version", key_versions = new[] { found.Version.KeyVersion } }, cancellationToken);
        }

        var key = await descriptors.DescribeAsync(found.Project, found.Version.KeyVersion, includeKey, cancellationToken);
        var current = await VersionLookup.CurrentAsync(db, found.Secret.Id, cancellationToken);
        return TypedResults.Ok(DataResponse.Of(VersionLookup.ToResponse(found.Version, found.Secret, current, found.RetentionDays, now, withContent: true, key, found.Project.OrganizationId)));
    }
}
