using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Envelope.Crypto;

/// <summary>
/// Where a v2 blob belongs: the level (organization, project, target, environment) and the key version that sealed it.
/// Its <see cref="WriteAssociatedData"/> bytes are the AES-GCM associated data, so a blob moved to another level, or
/// relabelled with another key version, no longer authenticates.
/// </summary>
/// <param name="OrganizationId">The organization's id.</param>
/// <param name="ProjectId">The project's id.</param>
/// <param name="TargetId">The target's id; <see langword="null"/> for the project level.</param>
/// <param name="EnvironmentId">The environment's id; <see langword="null"/> above the environment level.</param>
/// <param name="KeyVersion">The project's key version the blob is sealed under.</param>
/// <remarks>Ids, not slugs: a rename must not orphan every blob. The API reports them as each level's <c>place</c>.</remarks>
public sealed record BlobPlace(string OrganizationId, string ProjectId, string? TargetId, string? EnvironmentId, int KeyVersion)
{
    /// <summary>The first bytes of every v2 associated data: names the format so no other use of the key can collide.</summary>
    public static ReadOnlySpan<byte> Domain => "envelope:blob:v2"u8;

    /// <summary>The length in bytes of <see cref="WriteAssociatedData"/>'s output.</summary>
    public int AssociatedDataLength =>
        Domain.Length + FieldLength(OrganizationId) + FieldLength(ProjectId) + FieldLength(TargetId) + FieldLength(EnvironmentId) + 2 + KeyVersionDigits;

    // The key version's decimal digits as UTF-8, counted and written without making its string: every seal and open
    // builds the associated data, and at 1 KiB its allocations were a measurable share of the difference from v1.
    private int KeyVersionDigits
    {
        get
        {
            Span<byte> digits = stackalloc byte[11];
            KeyVersion.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
            return written;
        }
    }

    /// <summary>
    /// Writes the associated data: <see cref="Domain"/>, then each field (organization, project, target, environment,
    /// decimal key version) as a 2-byte big-endian length and its UTF-8 bytes; an absent id is the empty field.
    /// </summary>
    /// <param name="destination">At least <see cref="AssociatedDataLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public int WriteAssociatedData(Span<byte> destination)
    {
        int length = AssociatedDataLength;
        if (destination.Length < length)
            throw new ArgumentException($"The destination needs {length} bytes.", nameof(destination));
        Domain.CopyTo(destination);
        int written = Domain.Length;
        written += WriteField(OrganizationId, destination[written..]);
        written += WriteField(ProjectId, destination[written..]);
        written += WriteField(TargetId, destination[written..]);
        written += WriteField(EnvironmentId, destination[written..]);
        KeyVersion.TryFormat(destination[(written + 2)..], out int digits, default, CultureInfo.InvariantCulture);
        BinaryPrimitives.WriteUInt16BigEndian(destination[written..], (ushort)digits);
        return written + 2 + digits;
    }

    /// <summary>The associated data as a new array (see <see cref="WriteAssociatedData"/>).</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToAssociatedData()
    {
        var bytes = new byte[AssociatedDataLength];
        WriteAssociatedData(bytes);
        return bytes;
    }

    private static int FieldLength(string? value)
    {
        int length = value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
            throw new ArgumentException($"A blob place field holds at most {ushort.MaxValue} bytes.", nameof(value));
        return 2 + length;
    }

    private static int WriteField(string? value, Span<byte> destination)
    {
        int length = value is null ? 0 : Encoding.UTF8.GetBytes(value, destination[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
        return 2 + length;
    }
}
