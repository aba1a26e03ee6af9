using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Secrets;

/// <summary>
/// Each version of a level is a link: SHA-256 over its own fields and the previous link's hash, so that a swapped
/// blob, a removed row or an edited field shows as the first link that no longer recomputes. The input is canonical
/// and written down in docs/encryption.md ("Version chain") for clients that check it themselves.
/// </summary>
internal static class VersionChain
{
    private const string LinkDomain = "envelope.version-chain.v1";
    private const string ReEncryptionDomain = "envelope.version-reencryption.v1";

    /// <summary>The link's hash, from the fields as written (never from those re-encryption changes).</summary>
    public static byte[] Link(SecretVersion version) => Hash(
        Ascii(LinkDomain),
        Utf8(version.SecretId),
        Number(version.Id),
        Ascii(version.Reason.ToString().ToLowerInvariant()),
        version.RestoredFromId is { } restoredFrom ? Number(restoredFrom) : [],
        version.ContentSha256 ?? [],
        Number(version.WrittenKeyVersion),
        Utf8(version.CreatedByTokenId ?? ""),
        Number(UnixMilliseconds(version.CreatedAt)),
        version.PreviousHash ?? []);

    /// <summary>What history re-encryption records: the new blob and key version, bound to the link they replace.</summary>
    public static byte[] ReEncryption(byte[] linkHash, int keyVersion, string content) =>
        Hash(Ascii(ReEncryptionDomain), linkHash, Number(keyVersion), ContentDigest(content));

    public static byte[] ContentDigest(string content) => SHA256.HashData(Encoding.UTF8.GetBytes(content));

    /// <summary>
    /// PostgreSQL keeps microseconds, SQLite's column (DateTimeOffsetToBinaryConverter) 100 microseconds: a version's
    /// time is cut to whole milliseconds before it is saved, so both engines give back exactly what was hashed.
    /// </summary>
    public static DateTimeOffset ToMilliseconds(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static long UnixMilliseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// Makes an inserted <paramref name="version"/> (its id known) the level's newest link. Called under the project's
    /// write lock, so no other link can come between it and its predecessor.
    /// </summary>
    public static async Task SealAsync(EnvelopeDbContext db, SecretVersion version, CancellationToken cancellationToken)
    {
        var previous = await db.SecretVersions.IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.SecretId == version.SecretId && v.Id < version.Id)
            .OrderByDescending(v => v.Id)
            .Select(v => new { v.Id, v.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        Seal(version, previous?.Id, previous?.Hash);
    }

    public static void Seal(SecretVersion version, long? previousId, byte[]? previousHash)
    {
        version.PreviousVersionId = previousId;
        version.PreviousHash = previousHash;
        version.Hash = Link(version);
    }

    /// <summary>Marks a re-encrypted blob as legitimate: the chain keeps the written blob's digest, this binds the new one.</summary>
    public static void RecordReEncryption(SecretVersion version, string content, int keyVersion)
    {
        version.Content = content;
        version.KeyVersion = keyVersion;
        version.ReEncryptionHash = version.Hash is { } hash ? ReEncryption(hash, keyVersion, content) : null;
    }

    /// <summary>Walks a level's versions, oldest first (tombstones included), and names the first link that does not hold.</summary>
    public static ChainVerification Verify(IReadOnlyList<SecretVersion> versions)
    {
        long? previousId = null;
        byte[]? previousHash = null;
        var checkedCount = 0;
        foreach (var version in versions)
        {
            checkedCount++;
            if (Break(version, previousId, previousHash) is { } reason)
            {
                var number = reason == ChainBreak.MissingVersion ? version.PreviousVersionId!.Value : version.Id;
                return new ChainVerification(false, checkedCount, new ChainBreakResponse(number, reason));
            }

            previousId = version.Id;
            previousHash = version.Hash;
        }

        return new ChainVerification(true, checkedCount, null);
    }

    private static string? Break(SecretVersion version, long? previousId, byte[]? previousHash)
    {
        if (version.Hash is null)
        {
            return ChainBreak.Unsealed;
        }

        if (version.PreviousVersionId != previousId)
        {
            // A link naming a predecessor newer than the one found means rows between them are gone.
            return version.PreviousVersionId is { } named && (previousId is null || named > previousId)
                ? ChainBreak.MissingVersion
                : ChainBreak.PreviousMismatch;
        }

        if (!CryptographicOperations.FixedTimeEquals(version.PreviousHash ?? [], previousHash ?? []))
        {
            return ChainBreak.PreviousMismatch;
        }

        if (!CryptographicOperations.FixedTimeEquals(Link(version), version.Hash))
        {
            return ChainBreak.HashMismatch;
        }

        if (version.Content is null)
        {
            return null;
        }

        var contentHolds = version.ReEncryptionHash is { } reEncryption
            ? CryptographicOperations.FixedTimeEquals(ReEncryption(version.Hash, version.KeyVersion, version.Content), reEncryption)
            : version.KeyVersion == version.WrittenKeyVersion && version.ContentSha256 is { } written
              && CryptographicOperations.FixedTimeEquals(ContentDigest(version.Content), written);
        return contentHolds ? null : ChainBreak.ContentMismatch;
    }

    private static byte[] Ascii(string value) => Encoding.ASCII.GetBytes(value);

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);

    private static byte[] Number(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Each field as a 4-byte big-endian length and its bytes, so no two field lists share an encoding.</summary>
    private static byte[] Hash(params ReadOnlySpan<byte[]> fields)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)field.Length);
            hash.AppendData(length);
            hash.AppendData(field);
        }

        return hash.GetHashAndReset();
    }
}

internal static class ChainBreak
{
    public const string Unsealed = "missing_hash";
    public const string MissingVersion = "missing_version";
    public const string PreviousMismatch = "previous_mismatch";
    public const string HashMismatch = "hash_mismatch";
    public const string ContentMismatch = "content_mismatch";
}

internal sealed record ChainBreakResponse(long Number, string Reason);

internal sealed record ChainVerification(bool Valid, int VersionsChecked, ChainBreakResponse? FirstBreak)
{
    public string Type => "version_chain";
}
