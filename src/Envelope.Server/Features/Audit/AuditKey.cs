using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Envelope.Server.Keys;

namespace Envelope.Server.Features.Audit;

/// <summary>
/// The audit key derived from the master key (<see cref="MasterKey.DeriveAuditKey"/>): signs checkpoints and hashes
/// the identities an audit event need not show readably. The previous master key's audit key still checks the
/// checkpoints it signed until a master-key rotation re-signs them.
/// </summary>
internal sealed class AuditKey(MasterKey masterKey)
{
    private readonly byte[] _current = masterKey.DeriveAuditKey();
    private readonly byte[]? _previous = masterKey.Previous?.DeriveAuditKey();

    /// <summary>The master key whose audit key signs new checkpoints.</summary>
    public string MasterKeyId { get; } = masterKey.Id;

    public string Sign(string organizationId, long sequence, string headHash) => Sign(_current, organizationId, sequence, headHash);

    /// <summary>False when the signature is not this key's (or, for <paramref name="masterKeyId"/> of the previous master key, that one's).</summary>
    public bool Verify(string organizationId, long sequence, string headHash, string masterKeyId, string signature)
    {
        var key = masterKeyId == MasterKeyId ? _current : masterKeyId == masterKey.Previous?.Id ? _previous : null;
        if (key is null || !IsSha256Hex(signature) || !IsSha256Hex(headHash))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(Sign(key, organizationId, sequence, headHash)), Convert.FromHexString(signature));
    }

    public static bool IsSha256Hex(string value) => value.Length == 64 && value.All(Uri.IsHexDigit);

    /// <summary>
    /// Vault's audit hashing: "hmac-sha256:&lt;hex&gt;" of the value, the same for the same value, so an operator can
    /// find an address's or identity's events by hashing it (<c>POST /audit-events/hash</c>) without the trail showing it.
    /// </summary>
    public string HashIdentity(string value) => HashIdentity(_current, value);

    /// <summary>The hash events written before the last master-key rotation hold, while the previous key is configured.</summary>
    public string? HashIdentityUnderPreviousKey(string value) => _previous is null ? null : HashIdentity(_previous, value);

    private static string HashIdentity(byte[] key, string value) =>
        "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));

    private static string Sign(byte[] key, string organizationId, long sequence, string headHash)
    {
        var organization = Encoding.UTF8.GetBytes(organizationId);
        var message = new byte[4 + organization.Length + 8 + 32];
        BinaryPrimitives.WriteInt32BigEndian(message, organization.Length);
        organization.CopyTo(message, 4);
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(4 + organization.Length), sequence);
        Convert.FromHexString(headHash).CopyTo(message, 4 + organization.Length + 8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }
}
