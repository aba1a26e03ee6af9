using Envelope.Crypto;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Keys;

/// <summary>
/// How a client stretched its passphrase into a client key (Argon2id, see docs/encryption.md "Passphrase KDF"), sent
/// with a client-managed project's creation or a client-key rotation. Optional: a generated key has none.
/// </summary>
public sealed record PassphraseKdfRequest(string? Algorithm, int? Version, int? MemoryKib, int? Iterations, int? Parallelism, string? Salt);

/// <summary>The KDF metadata of one key version as clients read it: parameters and salt, never a key.</summary>
internal sealed record PassphraseKdfResponse(string Algorithm, int Version, int MemoryKib, int Iterations, int Parallelism, string Salt)
{
    public static PassphraseKdfResponse? From(ProjectKey? key) =>
        key is { KdfAlgorithm: { } algorithm, KdfVersion: { } version, KdfMemoryKib: { } memory, KdfIterations: { } iterations, KdfParallelism: { } parallelism, KdfSalt: { } salt }
            ? new(algorithm, version, memory, iterations, parallelism, Convert.ToBase64String(salt))
            : null;
}

/// <summary>Checks KDF metadata before it is stored and copies it onto the key version it derived.</summary>
internal static class PassphraseKdfMetadata
{
    /// <summary>
    /// 422 <c>invalid_kdf</c> naming the field when the algorithm or version is unknown or a parameter is out of bounds:
    /// the bounds keep a project from telling its clients to allocate absurd memory, or to stretch too little.
    /// </summary>
    public static ApiErrorResult? Validate(PassphraseKdfRequest? request)
    {
        if (request is null)
        {
            return null;
        }

        Span<byte> salt = stackalloc byte[PassphraseKdf.MaximumSaltSize + 3];
        int? saltLength = request.Salt is { } text && Convert.TryFromBase64String(text, salt, out var written) ? written : null;
        return PassphraseKdf.Validate(request.Algorithm, request.Version, request.MemoryKib, request.Iterations, request.Parallelism, saltLength) is { } problem
            ? ApiErrors.Unprocessable("invalid_kdf", $"kdf.{problem.Field}: {problem.Message}", new Dictionary<string, object?> { ["field"] = $"kdf.{problem.Field}" })
            : null;
    }

    /// <summary>Writes validated metadata onto <paramref name="key"/>; a null request leaves it a generated key's version.</summary>
    public static ProjectKey WithKdf(this ProjectKey key, PassphraseKdfRequest? request)
    {
        if (request is not null)
        {
            key.KdfAlgorithm = request.Algorithm;
            key.KdfVersion = request.Version;
            key.KdfMemoryKib = request.MemoryKib;
            key.KdfIterations = request.Iterations;
            key.KdfParallelism = request.Parallelism;
            key.KdfSalt = Convert.FromBase64String(request.Salt!);
        }

        return key;
    }
}
