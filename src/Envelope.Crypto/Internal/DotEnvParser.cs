using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Envelope.Crypto.Internal;

/// <summary>
/// A single forward pass over .env text. Keys and values are sliced from the input and become strings
/// only once they are known to be valid; a quoted value is copied through a scratch buffer only when it
/// holds escapes or carriage returns.
/// </summary>
internal ref struct DotEnvParser
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;
    private int _line;

    private DotEnvParser(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = text.StartsWith('\uFEFF') ? 1 : 0;
        _line = 1;
    }

    private readonly bool AtLineEnd => _position >= _text.Length || _text[_position] is '\r' or '\n';

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out List<DotEnvEntry>? entries, out DotEnvError error)
    {
        var parser = new DotEnvParser(text);
        return parser.ParseAll(out entries, out error);
    }

    private bool ParseAll([NotNullWhen(true)] out List<DotEnvEntry>? entries, out DotEnvError error)
    {
        var result = new List<DotEnvEntry>();
        var indexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        string[]? pendingTags = null;
        int pendingTagsLine = 0;
        entries = null;
        error = default;

        while (_position < _text.Length)
        {
            SkipBlanks();
            if (AtLineEnd)
            {
                ConsumeLineEnd();
                continue;
            }

            int line = _line;
            if (_text[_position] == '#')
            {
                if (!DotEnvTags.TryRead(ReadRestOfLine()[1..], out string[]? tags, out string? reason))
                {
                    error = new DotEnvError(line, reason);
                    return false;
                }

                if (tags is not null)
                {
                    pendingTags = tags;
                    pendingTagsLine = line;
                }

                continue;
            }

            if (!TryReadEntry(out string? key, out string? value, out error))
                return false;

            // An annotation belongs to the entry on the very next line only.
            string[] entryTags = pendingTags is not null && pendingTagsLine == line - 1 ? pendingTags : [];
            var entry = new DotEnvEntry(key, value, entryTags);
            ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(indexByKey, key, out bool duplicate);
            if (duplicate)
            {
                result[index] = entry; // the last value wins, at the position of the first
            }
            else
            {
                index = result.Count;
                result.Add(entry);
            }
        }

        entries = result;
        return true;
    }

    private bool TryReadEntry([NotNullWhen(true)] out string? key, [NotNullWhen(true)] out string? value, out DotEnvError error)
    {
        key = null;
        value = null;
        error = default;
        SkipExportPrefix();

        int keyLength = DotEnvSyntax.KeyLength(_text[_position..]);
        if (keyLength == 0)
            return Fail(_line, "expected a variable name ([A-Za-z_][A-Za-z0-9_.-]*) or a comment", out error);
        ReadOnlySpan<char> keySpan = _text.Slice(_position, keyLength);
        _position += keyLength;

        SkipBlanks();
        if (_position >= _text.Length || _text[_position] != '=')
            return Fail(_line, "expected '=' after the variable name", out error);
        _position++;
        bool blankBeforeValue = SkipBlanks() > 0;
        key = new string(keySpan);

        if (AtLineEnd)
        {
            ConsumeLineEnd();
            value = string.Empty;
            return true;
        }

        char first = _text[_position];
        if (first is '"' or '\'' or '`')
            return TryReadQuoted(first, out value, out error);

        if (first == '#' && blankBeforeValue)
        {
            ReadRestOfLine();
            value = string.Empty;
            return true;
        }

        value = ReadUnquoted();
        return true;
    }

    /// <summary><c>export KEY=...</c> drops the prefix; <c>export=...</c> and <c>export =...</c> name a variable "export".</summary>
    private void SkipExportPrefix()
    {
        ReadOnlySpan<char> rest = _text[_position..];
        if (!rest.StartsWith("export", StringComparison.Ordinal) || rest.Length < 7 || !DotEnvSyntax.IsBlank(rest[6]))
            return;
        int next = 7;
        while (next < rest.Length && DotEnvSyntax.IsBlank(rest[next]))
            next++;
        if (next < rest.Length && rest[next] != '=')
            _position += next;
    }

    private string ReadUnquoted()
    {
        ReadOnlySpan<char> line = ReadRestOfLine();
        int end = line.Length;
        int from = 0;
        int hash;
        while ((hash = line[from..].IndexOf('#')) >= 0)
        {
            hash += from;
            if (hash > 0 && DotEnvSyntax.IsBlank(line[hash - 1]))
            {
                end = hash; // " #" starts an inline comment; a '#' inside a word does not
                break;
            }

            from = hash + 1;
        }

        return new string(line[..end].TrimEnd(" \t"));
    }

    private bool TryReadQuoted(char quote, [NotNullWhen(true)] out string? value, out DotEnvError error)
    {
        int openLine = _line;
        int start = _position + 1;
        int close = quote == '"' ? FindClosingDoubleQuote(start) : IndexOf(quote, start);
        if (close < 0)
        {
            value = null;
            string kind = quote switch { '"' => "double", '\'' => "single", _ => "backtick" };
            return Fail(openLine, $"unterminated {kind}-quoted value", out error);
        }

        ReadOnlySpan<char> content = _text[start..close];
        _line += DotEnvSyntax.CountLineBreaks(content);
        value = DotEnvValues.Unquote(content, escapes: quote == '"');
        _position = close + 1;

        SkipBlanks();
        if (AtLineEnd)
        {
            ConsumeLineEnd();
        }
        else if (_text[_position] == '#')
        {
            ReadRestOfLine();
        }
        else
        {
            return Fail(_line, "unexpected text after the closing quote (only a # comment may follow)", out error);
        }

        error = default;
        return true;
    }

    private readonly int FindClosingDoubleQuote(int start)
    {
        int i = start;
        while (i < _text.Length)
        {
            int next = _text[i..].IndexOfAny('"', '\\');
            if (next < 0)
                return -1;
            next += i;
            if (_text[next] == '"')
                return next;
            i = next + 2; // a backslash always takes the next character with it
        }

        return -1;
    }

    private readonly int IndexOf(char quote, int start)
    {
        int index = _text[start..].IndexOf(quote);
        return index < 0 ? -1 : start + index;
    }

    private int SkipBlanks()
    {
        int start = _position;
        while (_position < _text.Length && DotEnvSyntax.IsBlank(_text[_position]))
            _position++;
        return _position - start;
    }

    /// <summary>Returns the rest of the current line without its line break, and moves past the break.</summary>
    private ReadOnlySpan<char> ReadRestOfLine()
    {
        ReadOnlySpan<char> rest = _text[_position..];
        int end = rest.IndexOfAny(DotEnvSyntax.LineBreaks);
        if (end < 0)
            end = rest.Length;
        _position += end;
        ConsumeLineEnd();
        return rest[..end];
    }

    private void ConsumeLineEnd()
    {
        if (_position >= _text.Length)
            return;
        if (_text[_position] == '\r' && _position + 1 < _text.Length && _text[_position + 1] == '\n')
            _position++;
        _position++;
        _line++;
    }

    private static bool Fail(int line, string reason, out DotEnvError error)
    {
        error = new DotEnvError(line, reason);
        return false;
    }
}
