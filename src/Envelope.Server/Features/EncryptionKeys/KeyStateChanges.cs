using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Features.Secrets;
using Envelope.Server.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.EncryptionKeys;

/// <summary>
/// active ⇄ disabled; disabled or active → pending_deletion (7–30 days) → deleted, unless cancelled (→ disabled) or
/// enabled (→ active). Every change is audited and taken under the project's write lock.
/// </summary>
internal static class KeyStateChanges
{
    public static Task<Results<Ok<DataResponse<KeyVersionResponse>>, ApiErrorResult>> Disable(
        string project, Caller caller, EnvelopeDbContext db, SecretWriter writer, KeyDescriptors descriptors, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(project, caller, db, writer, descriptors, time, AuditActions.KeyDisable, [KeyState.Active], KeyState.Disabled, null, cancellationToken);

    public static Task<Results<Ok<DataResponse<KeyVersionResponse>>, ApiErrorResult>> Enable(
        string project, Caller caller, EnvelopeDbContext db, SecretWriter writer, KeyDescriptors descriptors, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(project, caller, db, writer, descriptors, time, AuditActions.KeyEnable, [KeyState.Disabled, KeyState.PendingDeletion], KeyState.Active, null, cancellationToken);

    public static Task<Results<Ok<DataResponse<KeyVersionResponse>>, ApiErrorResult>> ScheduleDeletion(
        string project, ScheduleKeyDeletionRequest? request, Caller caller, EnvelopeDbContext db, SecretWriter writer, KeyDescriptors descriptors, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(project, caller, db, writer, descriptors, time, AuditActions.KeyScheduleDeletion, [KeyState.Active, KeyState.Disabled], KeyState.PendingDeletion,
            time.GetUtcNow().AddDays(request?.Days ?? 30), cancellationToken);

    public static Task<Results<Ok<DataResponse<KeyVersionResponse>>, ApiErrorResult>> CancelDeletion(
        string project, Caller caller, EnvelopeDbContext db, SecretWriter writer, KeyDescriptors descriptors, TimeProvider time, CancellationToken cancellationToken) =>
        ChangeAsync(project, caller, db, writer, descriptors, time, AuditActions.KeyCancelDeletion, [KeyState.PendingDeletion], KeyState.Disabled, null, cancellationToken);

    private static async Task<Results<Ok<DataResponse<KeyVersionResponse>>, ApiErrorResult>> ChangeAsync(
        string project, Caller caller, EnvelopeDbContext db, SecretWriter writer, KeyDescriptors descriptors, TimeProvider time,
        string action, KeyState[] from, KeyState to, DateTimeOffset? deletionAt, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        var failure = await writer.InProjectTransactionAsync(found.Id, async key =>
        {
            if (!from.Contains(key.State))
            {
                return ApiErrors.Conflict("invalid_key_state",
                    $"The key is {KeyAvailability.Describe(key.State)}; this change applies to a key that is {string.Join(" or ", from.Select(KeyAvailability.Describe))}.");
            }

            await db.Projects.Where(p => p.Id == found.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.KeyState, to)
                .SetProperty(p => p.KeyDeletionScheduledFor, deletionAt), cancellationToken);
            AuditLog.Record(db, time, caller, action, found.Id, found.Slug,
                new { from = KeyAvailability.Describe(key.State), to = KeyAvailability.Describe(to), deletion_scheduled_for = deletionAt });
            return null;
        }, cancellationToken);

        if (failure is not null)
        {
            return failure;
        }

        found.KeyState = to;
        found.KeyDeletionScheduledFor = deletionAt;
        var createdAt = await db.ProjectKeys.Where(k => k.ProjectId == found.Id && k.Version == found.CurrentKeyVersion).Select(k => k.CreatedAt).SingleAsync(cancellationToken);
        var descriptor = await descriptors.DescribeAsync(found, found.CurrentKeyVersion, includeKey: false, cancellationToken);
        return TypedResults.Ok(DataResponse.Of(KeyVersionResponse.From(descriptor!, found, createdAt), $"The key is now {KeyAvailability.Describe(to)}."));
    }
}
