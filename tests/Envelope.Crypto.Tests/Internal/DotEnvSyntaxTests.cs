using Envelope.Crypto.Internal;

namespace Envelope.Crypto.Tests.Internal;

public sealed class DotEnvSyntaxTests
{
    [Theory]
    [InlineData("A", true)]
    [InlineData("_", true)]
    [InlineData("a.b-c_9", true)]
    [InlineData("", false)]
    [InlineData("9A", false)]
    [InlineData(".A", false)]
    [InlineData("A B", false)]
    [InlineData("A=", false)]
    [InlineData("Ä", false)]
    public void IsValidKey_Candidate_FollowsKeyPattern(string key, bool expected)
    {
        Assert.Equal(expected, DotEnvSyntax.IsValidKey(key));
    }

    [Theory]
    [InlineData("db", true)]
    [InlineData("0", true)]
    [InlineData("team-eu-1", true)]
    [InlineData("", false)]
    [InlineData("-db", false)]
    [InlineData("db-", false)]
    [InlineData("a--b", false)]
    [InlineData("Db", false)]
    [InlineData("d_b", false)]
    public void IsValidTag_Candidate_IsLowercaseSlug(string tag, bool expected)
    {
        Assert.Equal(expected, DotEnvSyntax.IsValidTag(tag));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 0)]
    [InlineData("a\nb", 1)]
    [InlineData("a\r\nb", 1)]
    [InlineData("a\rb\n", 2)]
    [InlineData("\n\r\n\r", 3)]
    public void CountLineBreaks_Text_CountsCrLfOnce(string text, int expected)
    {
        Assert.Equal(expected, DotEnvSyntax.CountLineBreaks(text));
    }
}
