using Envelope.Crypto;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Hierarchy;
using Envelope.Server.Features.Secrets;
using Envelope.Server.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.EncryptionKeys;

/// <summary>Client-managed rotation: the client re-encrypts, the server checks coverage and proofs and swaps atomically.</summary>
internal static class ClientKeyRotation
{
    public static RouteGroupBuilder MapClientKeyRotationEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/{project}/secrets").WithTags("Encryption keys");
        group.MapPost("/rotate-client-keys", Rotate).WithName("RotateClientKeys")
            .WithSummary("Swap every current blob for one re-encrypted under a new client key (needs key:rotate and secret:write)")
            .RequireAbility(Abilities.KeyRotate).RequireAbility(Abilities.SecretWrite);
        group.MapPost("/re-encrypt-history/pending", ClientHistory.Pending).WithName("PendingHistory")
            .WithSummary("Historical versions still under a retired client key").RequireAbility(Abilities.KeyRotate);
        group.MapPost("/re-encrypt-history", ClientHistory.Submit).WithName("ReEncryptHistory")
            .WithSummary("Submit historical versions re-encrypted under the current key").RequireAbility(Abilities.KeyRotate);
        return organization;
    }

    public static async Task<Results<Ok<ClientRotationResponse>, ApiErrorResult>> Rotate(
        string project, RotateClientKeysRequest request, Caller caller, EnvelopeDbContext db, SecretWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.FindProjectAsync(caller, project, cancellationToken) is not { } found)
        {
            return ApiErrors.NotFound("project");
        }

        if (SecretCipher.IsServerManaged(found))
        {
            return ApiErrors.BadRequest("server_managed_key", "This project's key is server-managed: rotate it with encryption-key/rotate.");
        }

        var submitted = request.Secrets!;
        var problems = new Dictionary<string, string[]>();
        for (var i = 0; i < submitted.Count; i++)
        {
            if (!SecretsBlob.IsWellFormed(submitted[i].Content))
            {
                problems[$"secrets[{i}].content"] = [SecretWriteHandlers.MalformedBlob];
            }
        }

        if (submitted.Select(s => s.Id).Distinct().Count() != submitted.Count)
        {
            problems["secrets"] = ["Each secret id may appear once."];
        }

        if (problems.Count > 0)
        {
            return ApiErrors.Validation(problems);
        }

        if (PassphraseKdfMetadata.Validate(request.Kdf) is { } kdfProblem)
        {
            return kdfProblem;
        }

        // Claimed and committed before the project's lock is awaited, so that history re-encryption sees the rotation
        // the moment it is asked for, not only once it commits (ClientHistory answers 409 meanwhile).
        var now = time.GetUtcNow();
        // Whole milliseconds, so that the release below matches it after PostgreSQL's microsecond rounding.
        var leaseUntil = VersionChain.ToMilliseconds(now + RotationLease);
        var claimed = await db.Projects.Where(p => p.Id == found.Id && (p.ClientRotationUntil == null || p.ClientRotationUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ClientRotationUntil, leaseUntil), cancellationToken);
        if (claimed == 0)
        {
            return RotationInProgress;
        }

        try
        {
            return await RotateClaimedAsync(found, request, submitted, caller, db, writer, time, cancellationToken);
        }
        finally
        {
            // Not the request's token: a cancelled request must still release the claim (it would expire anyway).
            await db.Projects.Where(p => p.Id == found.Id && p.ClientRotationUntil == leaseUntil)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ClientRotationUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
    }

    /// <summary>How long a rotation's claim lasts if its node dies before releasing it; far beyond any request's life.</summary>
    public static readonly TimeSpan RotationLease = TimeSpan.FromMinutes(5);

    public static ApiErrorResult RotationInProgress => ApiErrors.Conflict("rotation_in_progress",
        "A client key rotation of this project is in progress. Try again when it completes.");

    private static async Task<Results<Ok<ClientRotationResponse>, ApiErrorResult>> RotateClaimedAsync(
        Project found, RotateClientKeysRequest request, IReadOnlyList<ReEncryptedSecret> submitted, Caller caller, EnvelopeDbContext db, SecretWriter writer, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var newVersion = 0;
        var failure = await writer.InProjectTransactionAsync(found.Id, async key =>
        {
            if (key.Unavailable is { } unavailable)
            {
                return unavailable;
            }

            if (SecretWriteHandlers.CheckKeyProof(key.KeyCheck, request.KeyProof) is { } proofError)
            {
                return proofError;
            }

            var current = await db.Secrets.Where(s => s.ProjectId == found.Id && s.Content != null).ToDictionaryAsync(s => s.Id, cancellationToken);
            var missing = current.Keys.Except(submitted.Select(s => s.Id!)).Order().ToList();
            var unknown = submitted.Select(s => s.Id!).Except(current.Keys).Order().ToList();
            if (missing.Count > 0 || unknown.Count > 0)
            {
                return ApiErrors.Unprocessable("secrets_mismatch",
                    "The submitted secrets must be exactly the project's current blobs. Nothing was changed.",
                    new Dictionary<string, object?> { ["missing"] = missing, ["unknown"] = unknown });
            }

            var changed = submitted.Where(s => s.UpdatedAt is { } seen && current[s.Id!].UpdatedAt != seen).Select(s => s.Id!).Order().ToList();
            if (changed.Count > 0)
            {
                return new ApiErrorResult(StatusCodes.Status409Conflict, new("secrets_changed",
                    "A level was written after it was read for this rotation: read the current blobs again and retry. Nothing was changed.",
                    new Dictionary<string, object?> { ["changed"] = changed }));
            }

            newVersion = key.KeyVersion + 1;
            foreach (var secret in submitted)
            {
                var row = current[secret.Id!];
                row.Content = secret.Content;
                row.KeyVersion = newVersion;
                row.UpdatedAt = time.GetUtcNow();
            }

            var keyCheck = Convert.FromBase64String(request.KeyCheck!);
            var salt = Convert.FromBase64String(request.KeyCheckSalt!);
            await db.Projects.Where(p => p.Id == found.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.CurrentKeyVersion, newVersion)
                .SetProperty(p => p.KeyCheck, keyCheck)
                .SetProperty(p => p.KeyCheckSalt, salt)
                .SetProperty(p => p.KeyCheckIterations, request.KeyCheckIterations), cancellationToken);
            db.ProjectKeys.Add(new ProjectKey
            {
                ProjectId = found.Id, Version = newVersion, KeyCheck = keyCheck, KeyCheckSalt = salt, KeyCheckIterations = request.KeyCheckIterations, CreatedAt = time.GetUtcNow(),
            }.WithKdf(request.Kdf));
            AuditLog.Record(db, time, caller, AuditActions.KeyRotateClient, found.Id, found.Slug, new { from = key.KeyVersion, to = newVersion, count = submitted.Count });
            return null;
        }, cancellationToken);

        if (failure is not null)
        {
            return failure;
        }

        return TypedResults.Ok(new ClientRotationResponse(true, $"Rotated {submitted.Count} secrets to key version {newVersion}.", new ClientRotationResult(submitted.Count, newVersion)));
    }
}
