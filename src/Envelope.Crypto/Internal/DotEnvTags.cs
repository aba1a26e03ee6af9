using System.Diagnostics.CodeAnalysis;

namespace Envelope.Crypto.Internal;

/// <summary>The <c># @tags: a, b</c> annotation that attaches tags to the entry on the next line.</summary>
internal static class DotEnvTags
{
    /// <summary>Parses the text after '#': <c>@tags: a, b c</c> yields its tags, any other comment yields null.</summary>
    public static bool TryRead(ReadOnlySpan<char> comment, out string[]? tags, [NotNullWhen(false)] out string? reason)
    {
        tags = null;
        reason = null;
        comment = comment.TrimStart(" \t");
        if (!comment.StartsWith(DotEnvSyntax.TagsMarker, StringComparison.Ordinal))
            return true;

        ReadOnlySpan<char> list = comment[DotEnvSyntax.TagsMarker.Length..];
        var found = new List<string>();
        foreach (Range range in list.SplitAny(", \t"))
        {
            ReadOnlySpan<char> tag = list[range];
            if (tag.IsEmpty)
                continue;
            if (!DotEnvSyntax.IsValidTag(tag))
            {
                reason = "a tag must be a lowercase slug ([a-z0-9]+(-[a-z0-9]+)*, at most 64 characters)";
                return false;
            }

            found.Add(new string(tag));
        }

        tags = [.. found];
        return true;
    }
}
