using System.Globalization;
using Envelope.Crypto;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.EncryptionKeys.Jobs;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Features.Secrets;
using Envelope.Server.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.EncryptionKeys;

internal static class ServerKeyRotation
{
    public const int RotationsPerHour = 10;

    /// <summary>
    /// A new data key version; every current blob moves onto it in the same transaction, so no reader ever sees a level
    /// whose key the project no longer names. History stays (keep) or is moved by a durable job (re_encrypt).
    /// </summary>
    public static async Task<Results<Ok<DataResponse<KeyEnvelope>>, ApiErrorResult>> Rotate(
        string project, RotateServerKeyRequest? request, Caller caller, EnvelopeDbContext db, SecretWriter writer, SecretCipher cipher,
        DataKeys dataKeys, KeyDescriptors descriptors, JobSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        if (!SecretCipher.IsServerManaged(found))
        {
            return ApiErrors.BadRequest("client_managed_key", "This project's key is client-managed: rotate it with secrets/rotate-client-keys.");
        }

        var policy = request?.HistoryPolicy ?? found.HistoryPolicy;
        KeyJob? job = null;
        var newVersion = 0;
        var failure = await writer.InProjectTransactionAsync(found.Id, async key =>
        {
            if (key.Unavailable is { } unavailable)
            {
                return unavailable;
            }

            if (await RateLimitAsync(db, caller, time, cancellationToken) is { } limited)
            {
                return limited;
            }

            newVersion = key.KeyVersion + 1;
            using var newKey = dataKeys.Create(db, found.Id, newVersion);
            var current = await db.Secrets.Where(s => s.ProjectId == found.Id && s.Content != null).ToListAsync(cancellationToken);
            foreach (var secret in current)
            {
                string plaintext;
                try
                {
                    plaintext = await cipher.DecryptStoredAsync(SecretCipher.PlaceOf(found.OrganizationId, secret, secret.KeyVersion), secret.Content!, $"Secret {secret.Id}", cancellationToken);
                }
                catch (BlobBoundElsewhereException moved)
                {
                    // Rotating would seal the moved text at its new place and launder it: stop, nothing rotates.
                    return moved.ToError();
                }

                secret.Content = SecretsBlob.Seal(newKey.Key, plaintext, SecretCipher.PlaceOf(found.OrganizationId, secret, newVersion));
                secret.KeyVersion = newVersion;
            }

            await db.Projects.Where(p => p.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CurrentKeyVersion, newVersion), cancellationToken);
            if (policy == HistoryPolicy.ReEncrypt)
            {
                var now = time.GetUtcNow();
                job = new KeyJob
                {
                    Id = Ids.New(time),
                    ProjectId = found.Id,
                    TargetKeyVersion = newVersion,
                    Status = KeyJobStatus.Queued,
                    Total = await db.SecretVersions.CountAsync(v => v.ProjectId == found.Id && v.Content != null && v.KeyVersion != newVersion, cancellationToken),
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.KeyJobs.Add(job);
            }

            AuditLog.Record(db, time, caller, AuditActions.KeyRotate, found.Id, found.Slug,
                new { from = key.KeyVersion, to = newVersion, history_policy = policy == HistoryPolicy.ReEncrypt ? "re_encrypt" : "keep", current_blobs = current.Count, job = job?.Id });
            return null;
        }, cancellationToken);

        if (failure is not null)
        {
            return failure;
        }

        if (job is not null)
        {
            signal.Notify();
        }

        found.CurrentKeyVersion = newVersion;
        var createdAt = time.GetUtcNow();
        var descriptor = await descriptors.DescribeAsync(found, newVersion, includeKey: true, cancellationToken);
        return TypedResults.Ok(DataResponse.Of(
            new KeyEnvelope(KeyVersionResponse.From(descriptor!, found, createdAt), job is null ? null : KeyJobResponse.From(job)),
            $"Key rotated to version {newVersion}."));
    }

    /// <summary>
    /// At most ten rotations an hour per organization, counted from the audit trail so that every node enforces one
    /// budget. Runs inside the rotation's transaction under a lock on the organization's budget: the project lock alone
    /// lets rotations of two projects count the same ten and both pass. PostgreSQL takes a transaction-scoped advisory
    /// lock (read committed, so the count after it sees the rotation that released it); SQLite's single write lock,
    /// already held since the project lock's update, serializes every rotation there.
    /// </summary>
    private static async Task<ApiErrorResult?> RateLimitAsync(EnvelopeDbContext db, Caller caller, TimeProvider time, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"envelope key rotations " + caller.OrganizationId}, 0))", cancellationToken);
        }

        var now = time.GetUtcNow();
        var windowStart = now.AddHours(-1);
        var recent = await db.AuditEvents
            .Where(e => e.OrganizationId == caller.OrganizationId && e.Action == AuditActions.KeyRotate && e.CreatedAt > windowStart)
            .Select(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        if (recent.Count < RotationsPerHour)
        {
            return null;
        }

        var retryAfter = (int)Math.Ceiling((recent.Min().AddHours(1) - now).TotalSeconds);
        return new ApiErrorResult(StatusCodes.Status429TooManyRequests, new("rate_limited",
            $"At most {RotationsPerHour} key rotations an hour per organization.",
            new Dictionary<string, object?> { ["limit"] = RotationsPerHour, ["retry_after"] = Math.Max(1, retryAfter) }))
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture) },
        };
    }
}
