using Envelope.Crypto.Internal;

namespace Envelope.Crypto.Tests.Internal;

public sealed class DotEnvValuesTests
{
    [Theory]
    [InlineData("plain", true, "plain")]
    [InlineData("a\\nb", true, "a\nb")]
    [InlineData("a\\nb", false, "a\\nb")]
    [InlineData("a\r\nb\rc", false, "a\nb\nc")]
    [InlineData("\\\r\n", true, "\\\n")]
    [InlineData("\\q\\", true, "\\q\\")]
    public void Unquote_Content_DecodesEscapesAndLineBreaks(string content, bool escapes, string expected)
    {
        Assert.Equal(expected, DotEnvValues.Unquote(content, escapes));
    }

    [Theory]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(10_000)]
    public void Unquote_LongContentWithEscapes_DecodesOnStackOrPool(int length)
    {
        string content = string.Concat(Enumerable.Repeat("x\\n", length / 3 + 1))[..length];
        string expected = content.Replace("\\n", "\n", StringComparison.Ordinal);

        Assert.Equal(expected, DotEnvValues.Unquote(content, escapes: true));
    }
}
