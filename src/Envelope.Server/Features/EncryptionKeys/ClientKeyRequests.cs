using System.ComponentModel.DataAnnotations;
using Envelope.Server.Features.Secrets;

namespace Envelope.Server.Features.EncryptionKeys;

/// <summary>
/// One current blob under the new key. <c>updated_at</c>, as the client's read returned it, makes the rotation refuse
/// (409 secrets_changed) a level written since: otherwise that newer write would be replaced by the older content.
/// </summary>
public sealed record ReEncryptedSecret([property: Required] string? Id, [property: Required] string? Content, DateTimeOffset? UpdatedAt = null);

/// <summary>
/// Every current blob re-encrypted under the new key, the new key's proof parameters (and its KDF metadata when a passphrase derived it), and <c>key_proof</c>: a proof of
/// the key being retired, so that only a holder of the current key can replace it.
/// </summary>
public sealed record RotateClientKeysRequest(
    [property: Required] IReadOnlyList<ReEncryptedSecret>? Secrets,
    [property: Required, Base64Bytes(32)] string? KeyCheck,
    [property: Required, Base64Bytes(16)] string? KeyCheckSalt,
    [property: Required, Range(Crypto.KeyProof.MinimumIterations, 10_000_000)] int? KeyCheckIterations,
    string? KeyProof,
    Keys.PassphraseKdfRequest? Kdf = null);

public sealed record PendingHistoryRequest([property: Range(1, 500)] int? Limit);

public sealed record ReEncryptedVersion([property: Required] long? Id, [property: Required] string? Content);

/// <summary>Versions re-encrypted under the current key, a proof of that key, and optionally the key version the client used.</summary>
public sealed record ReEncryptHistoryRequest(
    [property: Required] IReadOnlyList<ReEncryptedVersion>? Versions,
    string? KeyProof,
    int? KeyVersion);

/// <summary>A version still under a retired key, with the place its v2 blob under the current key is bound to.</summary>
internal sealed record PendingVersion(long Id, string Content, int KeyVersion, LevelPlace Place);

internal sealed record PendingMeta(int Remaining, int KeyVersion);

internal sealed record ReEncryptedResponse(int Updated, int Remaining);

internal sealed record ClientRotationResult(int Count, int KeyVersion);

/// <summary>The rotate-client-keys answer, shaped as the specification shows it.</summary>
internal sealed record ClientRotationResponse(bool Success, string Message, ClientRotationResult Data);
