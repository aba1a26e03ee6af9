using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Envelope.Crypto.Internal;

/// <summary>
/// Canonical standard base64: the RFC 4648 alphabet, padding required, no whitespace. The .NET decoders
/// skip whitespace, but a blob is stored and handed to other clients exactly as received, so only the
/// form every decoder accepts is let in.
/// </summary>
internal static class StrictBase64
{
    private static readonly SearchValues<char> s_whitespace = SearchValues.Create(" \t\r\n");

    /// <summary>Returns the number of bytes <paramref name="text"/> decodes to, or -1 when it is not canonical base64.</summary>
    public static int DecodedLength(ReadOnlySpan<char> text)
    {
        if (text.Length % 4 != 0 || text.ContainsAny(s_whitespace))
            return -1;
        return Base64.IsValid(text, out int decodedLength) ? decodedLength : -1;
    }

    /// <summary>
    /// Decodes <paramref name="text"/> into exactly <paramref name="destination"/>, whose length must be
    /// <see cref="DecodedLength"/> of the text. The UTF-16 decoder in <see cref="Convert"/> is scalar; narrowing
    /// to ASCII first (into <paramref name="asciiScratch"/>, as long as the text) lets the vectorized UTF-8
    /// decoder do the work, several times faster on large blobs.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> asciiScratch, Span<byte> destination) =>
        Ascii.FromUtf16(text, asciiScratch, out int narrowed) == OperationStatus.Done
        && Base64.DecodeFromUtf8(asciiScratch[..narrowed], destination, out int consumed, out int written) == OperationStatus.Done
        && consumed == text.Length
        && written == destination.Length;
}
