using System.Buffers;

namespace Envelope.Crypto.Internal;

/// <summary>Decoding of quoted values. Scratch buffers are cleared after use: they held a secret.</summary>
internal static class DotEnvValues
{
    private const int StackCharLimit = 256;

    /// <summary>Turns quoted content into the value: line breaks become \n, and in double quotes escapes are decoded.</summary>
    public static string Unquote(ReadOnlySpan<char> content, bool escapes)
    {
        int special = escapes ? content.IndexOfAny('\\', '\r') : content.IndexOf('\r');
        if (special < 0)
            return new string(content);

        char[]? rented = null;
        Span<char> buffer = content.Length <= StackCharLimit
            ? stackalloc char[StackCharLimit]
            : (rented = ArrayPool<char>.Shared.Rent(content.Length));
        try
        {
            int length = Unescape(content, escapes, buffer);
            return new string(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<char>.Shared.Return(rented, clearArray: true); // it held a secret value
            else
                buffer.Clear();
        }
    }

    private static int Unescape(ReadOnlySpan<char> content, bool escapes, Span<char> output)
    {
        int written = 0;
        for (int i = 0; i < content.Length; i++)
        {
            char c = content[i];
            if (c == '\r')
            {
                if (i + 1 < content.Length && content[i + 1] == '\n')
                    i++;
                output[written++] = '\n';
            }
            else if (escapes && c == '\\' && i + 1 < content.Length && TryUnescape(content[i + 1], out char unescaped))
            {
                output[written++] = unescaped;
                i++;
            }
            else
            {
                output[written++] = c; // includes the backslash of an unknown escape, which stays literal
            }
        }

        return written;
    }

    private static bool TryUnescape(char c, out char unescaped)
    {
        unescaped = c switch
        {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '"' => '"',
            '\\' => '\\',
            _ => '\0',
        };
        return unescaped != '\0';
    }
}
