using Envelope.Crypto;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Keys;

namespace Envelope.Server.Features.Secrets;

/// <summary>Server-side decryption for server-managed projects, and the checks a stored blob must pass.</summary>
internal sealed class SecretCipher(EnvelopeDbContext db, DataKeys keys)
{
    /// <summary>The level's <c>.env</c> text, or null when the blob does not decrypt under that key version.</summary>
    public async Task<string?> TryDecryptAsync(string projectId, int keyVersion, string blob, CancellationToken cancellationToken)
    {
        using var key = await keys.LeaseAsync(db, projectId, keyVersion, cancellationToken);
        return key is not null && SecretsBlob.TryDecrypt(key.Key, blob, out var plaintext) ? plaintext : null;
    }

    public async Task<string> EncryptAsync(string projectId, int keyVersion, string plaintext, CancellationToken cancellationToken)
    {
        using var key = await keys.LeaseAsync(db, projectId, keyVersion, cancellationToken)
            ?? throw new InvalidOperationException($"Project {projectId} has no server-managed key version {keyVersion}.");
        return SecretsBlob.Encrypt(key.Key, plaintext);
    }

    /// <summary>Plaintext bytes of a well-formed blob: the decoded length less IV and tag.</summary>
    public static int PlaintextBytes(string blob) => SecretsBlob.DecodedLength(blob) - SecretsBlob.IvSize - SecretsBlob.TagSize;

    public static bool IsServerManaged(Project project) => project.KeyManagement == KeyManagement.Server;
}
