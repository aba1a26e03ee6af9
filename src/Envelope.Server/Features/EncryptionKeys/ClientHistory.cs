using Envelope.Crypto;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Features.Secrets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.EncryptionKeys;

/// <summary>Moving a client-managed project's history onto its current key, in batches the client re-encrypts.</summary>
internal static class ClientHistory
{
    public const int DefaultLimit = 50;

    public static async Task<Results<Ok<DataResponse<List<PendingVersion>>>, ApiErrorResult>> Pending(
        string project, PendingHistoryRequest? request, Caller caller, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await FindClientProjectAsync(db, caller, project, time, cancellationToken) is var (found, error) && found is null)
        {
            return error!;
        }

        var pending = PendingQuery(db, found.Id, found.CurrentKeyVersion);
        var remaining = await pending.CountAsync(cancellationToken);
        var batch = await pending
            .Join(db.Secrets, v => v.SecretId, s => s.Id, (v, s) => new { v.Id, v.Content, v.KeyVersion, s.TargetId, s.EnvironmentId })
            .OrderBy(v => v.Id).Take(request?.Limit ?? DefaultLimit)
            .ToListAsync(cancellationToken);
        var versions = batch.Select(v => new PendingVersion(
            v.Id, v.Content!, v.KeyVersion, new LevelPlace(found.OrganizationId, found.Id, v.TargetId, v.EnvironmentId))).ToList();
        return TypedResults.Ok(new DataResponse<List<PendingVersion>>(versions, Meta: new PendingMeta(remaining, found.CurrentKeyVersion)));
    }

    public static async Task<Results<Ok<DataResponse<ReEncryptedResponse>>, ApiErrorResult>> Submit(
        string project, ReEncryptHistoryRequest request, Caller caller, EnvelopeDbContext db, SecretWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await FindClientProjectAsync(db, caller, project, time, cancellationToken) is var (found, error) && found is null)
        {
            return error!;
        }

        var submitted = request.Versions!;
        var malformed = submitted.Select((v, i) => (v, i)).Where(x => !SecretsBlob.IsWellFormed(x.v.Content)).ToList();
        if (malformed.Count > 0)
        {
            return ApiErrors.Validation(malformed.ToDictionary(x => $"versions[{x.i}].content", _ => new[] { SecretWriteHandlers.MalformedBlob }));
        }

        var updated = 0;
        var remaining = 0;
        var failure = await writer.InProjectTransactionAsync(found.Id, async key =>
        {
            if (key.Unavailable is { } unavailable)
            {
                return unavailable;
            }

            if (await CheckCurrentKeyAsync(db, found.Id, key, request) is { } keyError)
            {
                return keyError;
            }

            var ids = submitted.Select(v => v.Id!.Value).ToList();
            var versions = await db.SecretVersions.Where(v => v.ProjectId == found.Id && ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
            if (ids.Where(id => !versions.ContainsKey(id)).ToList() is { Count: > 0 } unknown)
            {
                return ApiErrors.Validation("versions", $"Not versions of this project: {string.Join(", ", unknown)}.");
            }

            foreach (var submittedVersion in submitted)
            {
                var version = versions[submittedVersion.Id!.Value];
                // Already moved (a retried batch) or destroyed meanwhile: nothing to do, and no harm in asking.
                if (version.KeyVersion == key.KeyVersion || version.Content is null)
                {
                    continue;
                }

                VersionChain.RecordReEncryption(version, submittedVersion.Content!, key.KeyVersion);
                updated++;
            }

            await db.SaveChangesAsync(cancellationToken);
            remaining = await PendingQuery(db, found.Id, key.KeyVersion).CountAsync(cancellationToken);
            AuditLog.Record(db, time, caller, AuditActions.HistoryReEncrypt, found.Id, found.Slug, new { updated, remaining, key_version = key.KeyVersion });
            return null;
        }, cancellationToken);

        if (failure is not null)
        {
            return failure;
        }

        return TypedResults.Ok(DataResponse.Of(new ReEncryptedResponse(updated, remaining), $"Re-encrypted {updated} versions; {remaining} remain."));
    }

    /// <summary>
    /// The proof must be of the current key. A proof of an older key, or a stated key version that is no longer current,
    /// means a rotation raced the client: 422 key_version_conflict, so it fetches the pending list again.
    /// </summary>
    private static async Task<ApiErrorResult?> CheckCurrentKeyAsync(EnvelopeDbContext db, string projectId, SecretWriter.ProjectKeyState key, ReEncryptHistoryRequest request)
    {
        var conflict = ApiErrors.Unprocessable("key_version_conflict",
            $"The project's key changed (now version {key.KeyVersion}) while these versions were re-encrypted. Fetch the pending list again.",
            new Dictionary<string, object?> { ["current_key_version"] = key.KeyVersion });
        if (request.KeyVersion is { } stated && stated != key.KeyVersion)
        {
            return conflict;
        }

        if (SecretWriteHandlers.CheckKeyProof(key.KeyCheck, request.KeyProof) is not { } proofError)
        {
            return null;
        }

        if (proofError.Value.Error == "key_proof_mismatch")
        {
            var older = await db.ProjectKeys.AsNoTracking().Where(k => k.ProjectId == projectId && k.Version < key.KeyVersion && k.KeyCheck != null)
                .Select(k => k.KeyCheck!).ToListAsync();
            if (older.Any(check => KeyProof.Matches(request.KeyProof, check)))
            {
                return conflict;
            }
        }

        return proofError;
    }

    private static IQueryable<SecretVersion> PendingQuery(EnvelopeDbContext db, string projectId, int currentKeyVersion) =>
        db.SecretVersions.Where(v => v.ProjectId == projectId && v.Content != null && v.KeyVersion != currentKeyVersion);

    private static async Task<(Project? Project, ApiErrorResult? Error)> FindClientProjectAsync(
        EnvelopeDbContext db, Caller caller, string slug, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, slug, cancellationToken) is not { } found)
        {
            return (null, ApiErrors.NotFound("project"));
        }

        // A server-side re-encryption job owns the project's history while it runs.
        if (await db.KeyJobs.AnyAsync(j => j.ProjectId == found.Id && (j.Status == KeyJobStatus.Queued || j.Status == KeyJobStatus.Running), cancellationToken))
        {
            return (null, ApiErrors.Conflict("rotation_in_progress", "A key rotation is re-encrypting this project's history. Try again when its job completes."));
        }

        // A client rotation about to change the key: versions listed now would be re-encrypted under a retired key.
        if (found.ClientRotationUntil is { } until && until > time.GetUtcNow())
        {
            return (null, ClientKeyRotation.RotationInProgress);
        }

        return SecretCipher.IsServerManaged(found)
            ? (null, ApiErrors.BadRequest("server_managed_key", "This project's key is server-managed: the server re-encrypts its history (rotate with history_policy re_encrypt)."))
            : (found, null);
    }
}
