using System.Buffers;

namespace Envelope.Crypto.Internal;

/// <summary>The lexical rules shared by the .env parser and writer.</summary>
internal static class DotEnvSyntax
{
    public const string TagsMarker = "@tags:";
    public const int MaxTagLength = 64;

    private static readonly SearchValues<char> s_keyStart =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");

    private static readonly SearchValues<char> s_keyChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private static readonly SearchValues<char> s_tagChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    public static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n");

    public static bool IsBlank(char c) => c is ' ' or '\t';

    public static bool IsKeyStart(char c) => s_keyStart.Contains(c);

    /// <summary>Returns the length of the key at the start of <paramref name="text"/>, or 0 when none starts there.</summary>
    public static int KeyLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !IsKeyStart(text[0]))
            return 0;
        int end = text[1..].IndexOfAnyExcept(s_keyChars);
        return end < 0 ? text.Length : end + 1;
    }

    public static bool IsValidKey(ReadOnlySpan<char> key) => key.Length > 0 && KeyLength(key) == key.Length;

    /// <summary>A tag is a slug: <c>^[a-z0-9]+(-[a-z0-9]+)*$</c>, at most 64 characters.</summary>
    public static bool IsValidTag(ReadOnlySpan<char> tag) =>
        tag.Length is > 0 and <= MaxTagLength
        && !tag.ContainsAnyExcept(s_tagChars)
        && tag[0] != '-'
        && tag[^1] != '-'
        && !tag.Contains("--", StringComparison.Ordinal);

    /// <summary>Counts line breaks, a CRLF pair counting once.</summary>
    public static int CountLineBreaks(ReadOnlySpan<char> text)
    {
        int count = 0;
        int i;
        while ((i = text.IndexOfAny(LineBreaks)) >= 0)
        {
            count++;
            int width = text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
            text = text[(i + width)..];
        }

        return count;
    }
}
