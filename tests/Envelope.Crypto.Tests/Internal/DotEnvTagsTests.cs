using Envelope.Crypto.Internal;

namespace Envelope.Crypto.Tests.Internal;

public sealed class DotEnvTagsTests
{
    [Theory]
    [InlineData(" an ordinary comment")]
    [InlineData(" tags: db")]
    [InlineData("@tag: db")]
    [InlineData("")]
    public void TryRead_OrdinaryComment_YieldsNoTags(string comment)
    {
        Assert.True(DotEnvTags.TryRead(comment, out string[]? tags, out _));
        Assert.Null(tags);
    }

    [Theory]
    [InlineData(" @tags: db, prod", new[] { "db", "prod" })]
    [InlineData("@tags:db prod", new[] { "db", "prod" })]
    [InlineData(" @tags: prod db prod", new[] { "prod", "db", "prod" })]
    [InlineData(" @tags:", new string[0])]
    public void TryRead_Annotation_YieldsTagsInOrder(string comment, string[] expected)
    {
        Assert.True(DotEnvTags.TryRead(comment, out string[]? tags, out _));
        Assert.Equal(expected, tags);
    }

    [Fact]
    public void TryRead_InvalidTag_GivesReason()
    {
        Assert.False(DotEnvTags.TryRead(" @tags: Prod", out _, out string? reason));
        Assert.Contains("lowercase slug", reason, StringComparison.Ordinal);
    }
}
