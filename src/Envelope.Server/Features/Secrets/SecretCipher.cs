using Envelope.Crypto;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Keys;

namespace Envelope.Server.Features.Secrets;

/// <summary>Server-side encryption for server-managed projects, and the checks a stored blob must pass.</summary>
/// <remarks>
/// Every blob the server seals is v2, bound to its <see cref="BlobPlace"/>; it opens v1 and v2. The server holds the data
/// key of every version, so a v2 blob that does not authenticate at its place was moved there (or altered): see
/// <see cref="BlobBoundElsewhereException"/>.
/// </remarks>
internal sealed class SecretCipher(EnvelopeDbContext db, DataKeys keys)
{
    /// <summary>Opens a blob found at <paramref name="place"/> (whose key version names the data key to use).</summary>
    public async Task<(BlobOpenStatus Status, string? Plaintext)> OpenAsync(BlobPlace place, string blob, CancellationToken cancellationToken)
    {
        using var key = await keys.LeaseAsync(db, place.ProjectId, place.KeyVersion, cancellationToken);
        if (key is null)
        {
            return (BlobOpenStatus.AuthenticationFailed, null);
        }

        var status = SecretsBlob.TryOpen(key.Key, blob, place, out var plaintext);
        return (status, plaintext);
    }

    /// <summary>The level's <c>.env</c> text, or null when the blob does not open at <paramref name="place"/>.</summary>
    public async Task<string?> TryDecryptAsync(BlobPlace place, string blob, CancellationToken cancellationToken) =>
        (await OpenAsync(place, blob, cancellationToken)).Plaintext;

    /// <summary>The text of a stored blob; a blob that does not open is an integrity failure of the store, not a user error.</summary>
    /// <exception cref="BlobBoundElsewhereException">A v2 blob sealed for another place or key version.</exception>
    /// <exception cref="InvalidOperationException">A v1 blob that does not decrypt under its recorded key version.</exception>
    public async Task<string> DecryptStoredAsync(BlobPlace place, string blob, string what, CancellationToken cancellationToken)
    {
        var (status, plaintext) = await OpenAsync(place, blob, cancellationToken);
        return status switch
        {
            BlobOpenStatus.Opened => plaintext!,
            BlobOpenStatus.NotBoundHere => throw new BlobBoundElsewhereException(what),
            _ => throw new InvalidOperationException($"{what} does not decrypt under its key version {place.KeyVersion}."),
        };
    }

    /// <summary>Seals <paramref name="plaintext"/> as a v2 blob bound to <paramref name="place"/>, under its key version.</summary>
    public async Task<string> SealAsync(BlobPlace place, string plaintext, CancellationToken cancellationToken)
    {
        using var key = await keys.LeaseAsync(db, place.ProjectId, place.KeyVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Project {place.ProjectId} has no server-managed key version {place.KeyVersion}.");
        return SecretsBlob.Seal(key.Key, plaintext, place);
    }

    /// <summary>The place of the level <paramref name="level"/> in the resolved chain: its own ids, none below it.</summary>
    public static BlobPlace PlaceOf(ResolvedLevel resolved, SecretLevel level, int keyVersion) => new(
        resolved.Project.OrganizationId,
        resolved.Project.Id,
        level >= SecretLevel.Target ? resolved.Target?.Id : null,
        level == SecretLevel.Environment ? resolved.Environment?.Id : null,
        keyVersion);

    /// <summary>The place of a secret row, for work over a project's rows (rotation, history) rather than one resolved level.</summary>
    public static BlobPlace PlaceOf(string organizationId, Secret secret, int keyVersion) =>
        new(organizationId, secret.ProjectId, secret.TargetId, secret.EnvironmentId, keyVersion);

    /// <summary>Plaintext bytes of a well-formed blob: the decoded length less IV and tag.</summary>
    public static int PlaintextBytes(string blob) => SecretsBlob.DecodedLength(blob) - SecretsBlob.IvSize - SecretsBlob.TagSize;

    public static bool IsServerManaged(Project project) => project.KeyManagement == KeyManagement.Server;
}

/// <summary>
/// A stored v2 blob that does not authenticate at its place under the project's own key: it was moved (or copied) from
/// another level or key version by something other than Envelope, or altered. Answered as 409 <c>blob_bound_elsewhere</c>.
/// </summary>
internal sealed class BlobBoundElsewhereException(string what)
    : Exception($"{what} is sealed for another level or key version: it was moved or altered outside Envelope.")
{
    public ApiErrorResult ToError() => ApiErrors.Conflict("blob_bound_elsewhere",
        "A stored blob of this level is bound to another level or key version: it was moved or altered outside Envelope. Nothing was returned; restore the level from a version.");
}
