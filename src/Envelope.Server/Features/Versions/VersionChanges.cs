using Envelope.Crypto;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Secrets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Versions;

/// <summary>Restore, delete, destroy and purge: every change to history goes under the project's write lock.</summary>
internal static class VersionChanges
{
    public static async Task<Results<Ok<DataResponse<RestoredResponse>>, ApiErrorResult>> Restore(
        long version, RestoreVersionRequest? request, Caller caller, EnvelopeDbContext db, SecretWriter writer, SecretCipher cipher, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await VersionLookup.FindAsync(db, caller, version, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("version");
        }

        if (VersionLookup.RetentionGate(found, time.GetUtcNow()) is { } locked)
        {
            return locked;
        }

        if (found.Version.Content is null)
        {
            return VersionLookup.Destroyed(found.Version);
        }

        SecretVersion? restored = null;
        var failure = await writer.InProjectTransactionAsync(found.Project.Id, async key =>
        {
            if (key.Unavailable is { } unavailable)
            {
                return unavailable;
            }

            string content;
            if (SecretCipher.IsServerManaged(found.Project))
            {
                // The server holds every key version, so it moves an old version onto the current key itself.
                // Sealed afresh even under the same key version, so that a restored v1 version comes back bound to its place.
                string plaintext;
                try
                {
                    plaintext = await cipher.DecryptStoredAsync(
                        SecretCipher.PlaceOf(found.Project.OrganizationId, found.Secret, found.Version.KeyVersion), found.Version.Content, $"Version {found.Version.Id}", cancellationToken);
                }
                catch (BlobBoundElsewhereException moved)
                {
                    return moved.ToError();
                }

                content = found.Version.KeyVersion == key.KeyVersion && SecretsBlob.IsV2(found.Version.Content)
                    ? found.Version.Content
                    : await cipher.SealAsync(SecretCipher.PlaceOf(found.Project.OrganizationId, found.Secret, key.KeyVersion), plaintext, cancellationToken);
            }
            else if (request?.Content is null && found.Version.KeyVersion == key.KeyVersion)
            {
                content = found.Version.Content;
            }
            else if (request?.Content is not { } submitted)
            {
                return ApiErrors.Unprocessable("content_required_for_old_key",
                    $"Version {found.Version.Id} is encrypted under key version {found.Version.KeyVersion}, the project is on {key.KeyVersion}: re-encrypt it locally and submit content with key_proof.",
                    new Dictionary<string, object?> { ["version_key_version"] = found.Version.KeyVersion, ["current_key_version"] = key.KeyVersion });
            }
            else if (!SecretsBlob.IsWellFormed(submitted))
            {
                return ApiErrors.Validation("content", SecretWriteHandlers.MalformedBlob);
            }
            else if (SecretWriteHandlers.CheckKeyProof(key.KeyCheck, request.KeyProof) is { } proofError)
            {
                return proofError;
            }
            else
            {
                content = submitted;
            }

            restored = await writer.SetContentAsync(found.Secret, content, key.KeyVersion, SecretCipher.PlaintextBytes(content), VersionReason.Restore, found.Version.Id, false, caller, cancellationToken);
            AuditLog.Record(db, time, caller, AuditActions.VersionRestore, found.Project.Id, $"version {found.Version.Id}",
                new { secret_id = found.Secret.Id, restored_from = found.Version.Id, version = restored?.Id });
            return null;
        }, cancellationToken);

        if (failure is not null)
        {
            return failure;
        }

        return TypedResults.Ok(DataResponse.Of(
            new RestoredResponse(found.Secret.Id, found.Version.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), restored?.Id, restored?.Number),
            $"Restored from version {found.Version.Id}."));
    }

    public static async Task<Results<NoContent, ApiErrorResult>> DeleteVersion(
        long version, bool? force, HttpRequest request, Caller caller, EnvelopeDbContext db, SecretWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        // force may come in a JSON body as well as in the query string, like the other destructive switches.
        var (options, invalid) = await DestructiveOptions.ReadAsync(request, new(Force: force), ["force"], cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        force = options.Force;
        if (await VersionLookup.FindAsync(db, caller, version, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("version");
        }

        var failure = await writer.InProjectTransactionAsync(found.Project.Id, async _ =>
        {
            if (await VersionLookup.ProtectionAsync(db, found, force ?? false, cancellationToken) is { } protectedError)
            {
                return protectedError;
            }

            if (found.Secret.CurrentVersionId == found.Version.Id)
            {
                found.Secret.CurrentVersionId = null;
            }

            // The row stays as the chain's tombstone: content gone, link kept (see VersionChain).
            found.Version.Content = null;
            found.Version.Status = VersionStatus.Purged;
            found.Version.DestroyedAt ??= time.GetUtcNow();
            AuditLog.Record(db, time, caller, AuditActions.VersionDelete, found.Project.Id, $"version {found.Version.Id}", new { secret_id = found.Secret.Id, force = force ?? false });
            return null;
        }, cancellationToken);

        return failure is null ? TypedResults.NoContent() : failure;
    }

    public static async Task<Results<Ok<DataResponse<VersionResponse>>, ApiErrorResult>> Destroy(
        long version, bool? force, HttpRequest request, Caller caller, EnvelopeDbContext db, SecretWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        // force may come in a JSON body as well as in the query string, like the other destructive switches.
        var (options, invalid) = await DestructiveOptions.ReadAsync(request, new(Force: force), ["force"], cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        force = options.Force;
        if (await VersionLookup.FindAsync(db, caller, version, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("version");
        }

        var now = time.GetUtcNow();
        var failure = await writer.InProjectTransactionAsync(found.Project.Id, async _ =>
        {
            if (found.Version.Status == VersionStatus.Destroyed)
            {
                return null;
            }

            if (await VersionLookup.ProtectionAsync(db, found, force ?? false, cancellationToken) is { } protectedError)
            {
                return protectedError;
            }

            // The level's content is this version's content: leaving it would keep a destroyed value readable through
            // the secrets read. The level is emptied as a delete would, but without a snapshot, which would be the
            // destroyed value again. The transaction's SecretsRevision bump drops the cached reads.
            var clearsLevel = found.Secret.CurrentVersionId == found.Version.Id && found.Secret.Content is not null;
            if (clearsLevel)
            {
                found.Secret.Content = null;
                found.Secret.CurrentVersionId = null;
                found.Secret.UpdatedAt = now;
            }

            found.Version.Content = null;
            found.Version.Status = VersionStatus.Destroyed;
            found.Version.DestroyedAt = now;
            AuditLog.Record(db, time, caller, AuditActions.VersionDestroy, found.Project.Id, $"version {found.Version.Id}",
                new { secret_id = found.Secret.Id, number = found.Version.Number, cleared_level = clearsLevel });
            return null;
        }, cancellationToken);

        if (failure is not null)
        {
            return failure;
        }

        var current = await VersionLookup.CurrentAsync(db, found.Secret.Id, cancellationToken);
        return TypedResults.Ok(DataResponse.Of(
            VersionLookup.ToResponse(found.Version, found.Secret, current, found.RetentionDays, now), $"Version {found.Version.Id} destroyed."));
    }

    public static async Task<Results<Ok<DataResponse<PurgedResponse>>, ApiErrorResult>> Purge(
        PurgeVersionsRequest request, Caller caller, EnvelopeDbContext db, SecretWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!request.Confirmed)
        {
            return ApiErrors.Validation("confirmed", "Must be true: purging deletes history for good.");
        }

        if (request.Scope is not ("level" or "project"))
        {
            return ApiErrors.Validation("scope", "Must be level or project.");
        }

        var (level, error) = await SecretLevelResolver.ResolveAsync(db, caller, request.Project, request.Target, request.Environment, cancellationToken);
        if (level is null)
        {
            return error!;
        }

        var purged = 0;
        var failure = await writer.InProjectTransactionAsync(level.Project.Id, async _ =>
        {
            var secrets = request.Scope == "project"
                ? db.Secrets.Where(s => s.ProjectId == level.Project.Id)
                : db.Secrets.Where(s => s.LevelId == level.LevelId);
            var now = time.GetUtcNow();
            // Purged rows stay as the chain's tombstones: content gone, links kept (see VersionChain).
            purged = await db.SecretVersions.Where(v => secrets.Any(s => s.Id == v.SecretId))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.Content, (string?)null)
                    .SetProperty(v => v.Status, VersionStatus.Purged)
                    .SetProperty(v => v.DestroyedAt, v => v.DestroyedAt ?? now), cancellationToken);
            await secrets.ExecuteUpdateAsync(s => s.SetProperty(x => x.CurrentVersionId, (long?)null), cancellationToken);
            AuditLog.Record(db, time, caller, AuditActions.VersionPurge, level.Project.Id, request.Scope == "project" ? level.Project.Slug : level.Path,
                new { scope = request.Scope, purged_count = purged });
            return null;
        }, cancellationToken);

        if (failure is not null)
        {
            return failure;
        }

        return TypedResults.Ok(DataResponse.Of(new PurgedResponse(purged), $"Purged {purged} versions."));
    }
}
