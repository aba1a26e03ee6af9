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
    int Number,
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

    /// <summary>
    /// The lifecycle page's valueFormat. A version holds one level's <c>.env</c> text, which is always key/value
    /// pairs; Envelope has no single-string secrets, so there is no other format to report.
    /// </summary>
    public string ValueFormat => "keyValue";

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


/// <summary>
/// restored_from is the restored version's id as a string, as the specification prints it; the new version's id
/// and number stay numbers, like every other version id in the API.
/// </summary>
internal sealed record RestoredResponse(string SecretId, string RestoredFrom, long? Version, int? Number)
{
    public string Type => "secrets";
}

/// <summary>The page meta of a version list plus the level's current version number (null when none is active).</summary>
internal sealed record VersionListMeta(int CurrentPage, int PerPage, int Total, int LastPage, int? CurrentVersion, long? CurrentVersionId);

internal sealed record PurgedResponse(int PurgedCount);
