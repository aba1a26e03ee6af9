using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Audit;

/// <summary>
/// The hash chain of an organization's audit events (docs/audit.md): each event's hash is SHA-256 over a canonical,
/// length-prefixed encoding of its fields and the previous event's hash, so no field can be changed, and no event
/// removed, without every later hash changing.
/// </summary>
internal static class AuditChain
{
    /// <summary>The "previous hash" of an organization's first event.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] Domain = "envelope audit event v1"u8.ToArray();

    /// <summary>Both engines store microseconds; anything finer would not survive the round trip and break the hash.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);

    public static string Hash(AuditEvent e, string previousHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Field(hash, Domain);
        Field(hash, e.OrganizationId);
        Number(hash, e.Sequence);
        Number(hash, (e.CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond);
        Field(hash, e.Action);
        Field(hash, e.TokenId);
        Field(hash, e.ProjectId);
        Field(hash, e.Subject);
        Field(hash, e.Details);
        Field(hash, Convert.FromHexString(previousHash));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Number(IncrementalHash hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        Field(hash, bytes);
    }

    private static void Field(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            // Distinct from the empty string, whose length is 0.
            Span<byte> absent = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(absent, -1);
            hash.AppendData(absent);
            return;
        }

        Field(hash, Encoding.UTF8.GetBytes(value));
    }

    private static void Field(IncrementalHash hash, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        hash.AppendData(length);
        hash.AppendData(value);
    }
}
