using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.EncryptionKeys;

internal static class EncryptionKeyEndpoints
{
    public static RouteGroupBuilder MapEncryptionKeyEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/{project}/encryption-key").WithTags("Encryption keys");

        group.MapGet("/", GetActiveKey).WithName("GetEncryptionKey").WithSummary("The active key descriptor").RequireAbility(Abilities.KeyRetrieve);
        group.MapGet("/history", GetKeyHistory).WithName("GetEncryptionKeyHistory").WithSummary("Every key version, active first, then newest first").RequireAbility(Abilities.KeyRetrieve);
        group.MapPost("/rotate", ServerKeyRotation.Rotate).WithName("RotateEncryptionKey").WithSummary("Rotate a server-managed key").RequireAbility(Abilities.KeyRotate);
        group.MapGet("/jobs", ListJobs).WithName("ListKeyJobs").WithSummary("History re-encryption jobs and their progress").RequireAbility(Abilities.KeyRetrieve);
        group.MapGet("/jobs/{id}", GetJob).WithName("GetKeyJob").WithSummary("One re-encryption job").RequireAbility(Abilities.KeyRetrieve);
        group.MapPost("/disable", KeyStateChanges.Disable).WithName("DisableEncryptionKey").WithSummary("Stop all value operations").RequireAbility(Abilities.KeyRotate);
        group.MapPost("/enable", KeyStateChanges.Enable).WithName("EnableEncryptionKey").WithSummary("Re-enable a disabled key, or cancel its deletion and enable it").RequireAbility(Abilities.KeyRotate);
        group.MapPost("/schedule-deletion", KeyStateChanges.ScheduleDeletion).WithName("ScheduleEncryptionKeyDeletion").WithSummary("Destroy the key's server-held material after 7–30 days").RequireAbility(Abilities.KeyRotate);
        group.MapPost("/cancel-deletion", KeyStateChanges.CancelDeletion).WithName("CancelEncryptionKeyDeletion").WithSummary("Cancel a scheduled deletion; the key stays disabled").RequireAbility(Abilities.KeyRotate);
        return organization;
    }

    public static async Task<Results<Ok<DataResponse<KeyVersionResponse>>, ApiErrorResult>> GetActiveKey(
        string project, Caller caller, EnvelopeDbContext db, KeyDescriptors descriptors, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        await RecordRetrievalAsync(db, time, caller, found, [found.CurrentKeyVersion], cancellationToken);
        var createdAt = await db.ProjectKeys.Where(k => k.ProjectId == found.Id && k.Version == found.CurrentKeyVersion).Select(k => k.CreatedAt).SingleAsync(cancellationToken);
        var descriptor = await descriptors.DescribeAsync(found, found.CurrentKeyVersion, includeKey: true, cancellationToken);
        return TypedResults.Ok(DataResponse.Of(KeyVersionResponse.From(descriptor!, found, createdAt)));
    }

    public static async Task<Results<Ok<DataResponse<List<KeyVersionResponse>>>, ApiErrorResult>> GetKeyHistory(
        string project, Caller caller, EnvelopeDbContext db, KeyDescriptors descriptors, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        var versions = await db.ProjectKeys.AsNoTracking().Where(k => k.ProjectId == found.Id)
            .Select(k => new { k.Version, k.CreatedAt }).ToListAsync(cancellationToken);
        await RecordRetrievalAsync(db, time, caller, found, [.. versions.Select(v => v.Version).Order()], cancellationToken);
        var history = new List<KeyVersionResponse>();
        foreach (var version in versions.OrderByDescending(v => v.Version == found.CurrentKeyVersion).ThenByDescending(v => v.Version))
        {
            var descriptor = await descriptors.DescribeAsync(found, version.Version, includeKey: true, cancellationToken);
            history.Add(KeyVersionResponse.From(descriptor!, found, version.CreatedAt));
        }

        return TypedResults.Ok(new DataResponse<List<KeyVersionResponse>>(history));
    }

    private static Task RecordRetrievalAsync(EnvelopeDbContext db, TimeProvider time, Caller caller, Data.Entities.Project project, int[] versions, CancellationToken cancellationToken) =>
        KeyRetrievalAudit.RecordAsync(db, time, caller, project.Id, project.Slug, new { key_versions = versions }, cancellationToken);

    public static async Task<Results<Ok<DataResponse<List<KeyJobResponse>>>, ApiErrorResult>> ListJobs(
        string project, Caller caller, PageRequest page, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        var jobs = db.KeyJobs.AsNoTracking().Where(j => j.ProjectId == found.Id).OrderByDescending(j => j.Id);
        return TypedResults.Ok(await page.ToPageAsync(jobs, KeyJobResponse.From, cancellationToken));
    }

    public static async Task<Results<Ok<DataResponse<KeyJobResponse>>, ApiErrorResult>> GetJob(
        string project, string id, Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var found = await db.FindProjectAsync(caller, project, cancellationToken);
        var job = found is null ? null : await db.KeyJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id && j.ProjectId == found.Id, cancellationToken);
        return job is null ? ApiErrors.NotFound("job") : TypedResults.Ok(DataResponse.Of(KeyJobResponse.From(job)));
    }
}
