using System.Buffers;
using System.Text;

namespace Envelope.Crypto.Internal;

/// <summary>
/// Writes entries so that they read back identically here and mean the same to dotenv, dotenvx and a POSIX
/// shell that sources the file: bare when safe, single-quoted when that suffices, double-quoted otherwise.
/// </summary>
internal static class DotEnvWriter
{
    // Whitespace, ASCII controls, the quotes, '#', '$' (expanded by dotenvx and shells), '\' and shell operators.
    private static readonly SearchValues<char> s_needsQuotes = SearchValues.Create(
        " \t\"'`#$\\;&|<>()~\u007F\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\n\u000B\f\r\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private static readonly SearchValues<char> s_notInSingleQuotes = SearchValues.Create("'\r\n");

    public static void WriteEntry(StringBuilder output, HashSet<string> written, string? key, string? value, IReadOnlyList<string>? tags, string paramName)
    {
        if (key is null || !DotEnvSyntax.IsValidKey(key))
            throw new ArgumentException($"'{key}' is not a valid variable name ([A-Za-z_][A-Za-z0-9_.-]*).", paramName);
        if (value is null)
            throw new ArgumentException($"The value of {key} is null.", paramName);
        if (!written.Add(key))
            throw new ArgumentException($"{key} appears more than once.", paramName);

        if (tags is { Count: > 0 })
        {
            foreach (string tag in tags)
            {
                if (tag is null || !DotEnvSyntax.IsValidTag(tag))
                    throw new ArgumentException($"A tag of {key} is not a lowercase slug.", paramName);
            }

            output.Append("# ").Append(DotEnvSyntax.TagsMarker).Append(' ').AppendJoin(", ", tags).Append('\n');
        }

        output.Append(key).Append('=');
        WriteValue(output, value);
        output.Append('\n');
    }

    private static void WriteValue(StringBuilder output, string value)
    {
        if (!NeedsQuotes(value))
        {
            output.Append(value);
        }
        else if (!value.AsSpan().ContainsAny(s_notInSingleQuotes))
        {
            output.Append('\'').Append(value).Append('\'');
        }
        else
        {
            output.Append('"');
            foreach (char c in value)
            {
                _ = c switch
                {
                    '\\' => output.Append("\\\\"),
                    '"' => output.Append("\\\""),
                    '\n' => output.Append("\\n"),
                    '\r' => output.Append("\\r"),
                    '\t' => output.Append("\\t"),
                    _ => output.Append(c),
                };
            }

            output.Append('"');
        }
    }

    private static bool NeedsQuotes(ReadOnlySpan<char> value)
    {
        if (value.ContainsAny(s_needsQuotes))
            return true;
        if (!value.ContainsAnyExceptInRange('\0', '\u007F'))
            return false;
        foreach (char c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
                return true;
        }

        return false;
    }
}
