using Envelope.Crypto;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Envelope.Server.Features.Secrets;

internal static class SecretWriteHandlers
{
    /// <summary>The largest .env a level holds: far beyond any real one, small enough to keep history cheap.</summary>
    public const int MaxPlaintextBytes = 256 * 1024;

    public const string MalformedBlob = "Must be base64(IV || ciphertext || tag), bare (v1) or after \"v2:\" (v2): canonical base64 of at least 28 bytes.";

    public static async Task<Results<Ok<DataResponse<StoreSecretsResponse>>, ApiErrorResult>> Store(
        StoreSecretsRequest request, Caller caller, EnvelopeDbContext db, SecretWriter writer, SecretCipher cipher, TimeProvider time, CancellationToken cancellationToken)
    {
        var content = request.Content!;
        if (!SecretsBlob.IsWellFormed(content))
        {
            return ApiErrors.Validation("content", MalformedBlob);
        }

        var bytes = SecretCipher.PlaintextBytes(content);
        if (bytes > MaxPlaintextBytes)
        {
            return ApiErrors.Validation("content", $"Must hold at most {MaxPlaintextBytes} bytes of .env text.");
        }

        var (level, error) = await SecretLevelResolver.ResolveAsync(db, caller, request.Project, request.Target, request.Environment, cancellationToken);
        if (level is null)
        {
            return error!;
        }

        SecretVersion? version = null;
        Secret? secret = null;
        var failure = await writer.InProjectTransactionAsync(level.Project.Id, async key =>
        {
            if (key.Unavailable is { } unavailable)
            {
                return unavailable;
            }

            if (SecretCipher.IsServerManaged(level.Project))
            {
                // A blob the server cannot read back under the current key would be data nobody can use: refuse it.
                var place = SecretCipher.PlaceOf(level, level.Level, key.KeyVersion);
                var (status, plaintext) = await cipher.OpenAsync(place, content, cancellationToken);
                if (status != BlobOpenStatus.Opened || plaintext is null)
                {
                    var why = status == BlobOpenStatus.NotBoundHere ? " (a v2 blob must be sealed for this level and key version)" : "";
                    return ApiErrors.Unprocessable("content_not_decryptable", $"The content does not decrypt under the project's current key (version {key.KeyVersion}){why}. Nothing was stored.",
                        new Dictionary<string, object?> { ["key_version"] = key.KeyVersion });
                }

                if (!DotEnv.TryParse(plaintext, out _, out var parseError))
                {
                    return ApiErrors.Unprocessable("invalid_dotenv", $"The decrypted content is not a valid .env file: {parseError} Nothing was stored.");
                }

                // Every blob the server keeps is bound to its place: a v1 blob from a spec client is sealed again as v2.
                if (!SecretsBlob.IsV2(content))
                {
                    content = await cipher.SealAsync(place, plaintext, cancellationToken);
                }
            }
            else if (CheckKeyProof(key.KeyCheck, request.KeyProof) is { } proofError)
            {
                return proofError;
            }

            secret = await writer.GetOrAddSecretAsync(level, cancellationToken);
            version = await writer.SetContentAsync(secret, content, key.KeyVersion, bytes, VersionReason.Store, null, request.NoBackup, caller, cancellationToken);
            AuditLog.Record(db, time, caller, AuditActions.SecretStore, level.Project.Id, level.Path,
                new { secret_id = secret.Id, version = version?.Id, key_version = key.KeyVersion, bytes, no_backup = request.NoBackup });
            return null;
        }, cancellationToken);

        if (failure is not null)
        {
            return failure;
        }

        return TypedResults.Ok(DataResponse.Of(
            new StoreSecretsResponse(SecretReader.LevelName(level.Level), level.Source, bytes, secret!.Id, version?.Id),
            "Secrets stored successfully."));
    }

    public static async Task<Results<NoContent, ApiErrorResult>> Delete(
        DeleteSecretsRequest request, Caller caller, EnvelopeDbContext db, SecretWriter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.NoBackup && !caller.Has(Abilities.SecretPurge))
        {
            return ApiErrors.InsufficientPermissions(Abilities.SecretPurge);
        }

        if (request.NoBackup && !request.Confirmed)
        {
            return ApiErrors.Validation("confirmed", "Must be true: no_backup deletes the level's whole history for good.");
        }

        var (level, error) = await SecretLevelResolver.ResolveAsync(db, caller, request.Project, request.Target, request.Environment, cancellationToken);
        if (level is null)
        {
            return error!;
        }

        // False rolls back: nothing to clear is no change, so nothing is versioned, audited or counted as a write.
        await writer.InProjectTransactionAsync(level.Project.Id, async _ =>
        {
            var secret = await db.Secrets.SingleOrDefaultAsync(s => s.LevelId == level.LevelId, cancellationToken);
            if (secret is null || (secret.Content is null && !request.NoBackup))
            {
                return false;
            }

            if (request.NoBackup)
            {
                // Versions go with the row (ON DELETE CASCADE).
                await db.Secrets.Where(s => s.Id == secret.Id).ExecuteDeleteAsync(cancellationToken);
                AuditLog.Record(db, time, caller, AuditActions.SecretPurge, level.Project.Id, level.Path, new { secret_id = secret.Id });
                return true;
            }

            await writer.AddVersionAsync(secret, secret.Content!, secret.KeyVersion, secret.Bytes, VersionReason.Delete, null, caller, cancellationToken);
            secret.Content = null;
            secret.CurrentVersionId = null;
            secret.UpdatedAt = time.GetUtcNow();
            AuditLog.Record(db, time, caller, AuditActions.SecretDelete, level.Project.Id, level.Path, new { secret_id = secret.Id });
            return true;
        }, cancellationToken);

        // The spec answers 204 whether or not the level held a blob: clearing an empty level is idempotent.
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Client-managed writes prove the key with PBKDF2(padKey(key), salt, iterations); the comparison is constant-time.
    /// </summary>
    public static ApiErrorResult? CheckKeyProof(byte[]? keyCheck, string? keyProof)
    {
        if (keyCheck is null || string.IsNullOrEmpty(keyProof))
        {
            return ApiErrors.Unprocessable("key_proof_required",
                keyCheck is null ? "The project has no key verification configured." : "Client-managed projects must send key_proof with every write.");
        }

        return KeyProof.Matches(keyProof, keyCheck)
            ? null
            : ApiErrors.Unprocessable("key_proof_mismatch", "The key proof does not match the project's key. Nothing was stored.");
    }
}
