using System.ComponentModel.DataAnnotations;
using Envelope.Server.Features.Secrets;

namespace Envelope.Server.Features.Versions;

public sealed record ListVersionsRequest(
    [property: Required] string? Project,
    string? Target,
    string? Environment,
    int? Page,
    int? PerPage) : ILevelRequest;

/// <summary>Empty for server-managed projects; for a client-managed version under an old key, the re-encrypted content and a proof of the current key.</summary>
public sealed record RestoreVersionRequest(string? Content, string? KeyProof);

public sealed record PurgeVersionsRequest(
    [property: Required] string? Project,
    string? Target,
    string? Environment,
    string Scope = "level",
    bool Confirmed = false) : ILevelRequest;

internal sealed record VersionResponse(
    long Id,
    string SecretId,
    string Level,
    string Reason,
    string Status,
    string? Stage,
    int KeyVersion,
    int Bytes,
    bool Locked,
    long? RestoredFrom,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAccessedAt,
    DateTimeOffset? DestroyedAt,
    VersionLink Chain,
    string? Content = null,
    Keys.KeyDescriptor? Key = null,
    Secrets.LevelPlace? Place = null)
{
    public string Type => "secret_version";

    public string? Hash => Chain.Hash;

    public string? PreviousHash => Chain.PreviousHash;
}

/// <summary>
/// The version's link in its level's chain, hashes as lowercase hex: the inputs a client needs to recompute
/// <see cref="Hash"/> (docs/encryption.md, "Version chain") besides the id, secret id, reason, restored-from and creator.
/// </summary>
internal sealed record VersionLink(
    string? Hash,
    string? PreviousHash,
    long? PreviousVersion,
    string? ContentSha256,
    int WrittenKeyVersion,
    long CreatedAtUnixMs,
    string? CreatedBy,
    string? ReEncryptionHash);


internal sealed record RestoredResponse(string SecretId, long RestoredFrom, long? Version)
{
    public string Type => "secrets";
}

internal sealed record PurgedResponse(int PurgedCount);
