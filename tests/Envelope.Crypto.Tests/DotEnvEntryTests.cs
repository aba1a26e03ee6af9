namespace Envelope.Crypto.Tests;

public sealed class DotEnvEntryTests
{
    [Fact]
    public void Equals_SameTagsInDifferentCollections_IsTrue()
    {
        var left = new DotEnvEntry("K", "v", new List<string> { "db", "prod" });
        var right = new DotEnvEntry("K", "v", ["db", "prod"]);

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Theory]
    [InlineData("k", "v", "db")]
    [InlineData("K", "V", "db")]
    [InlineData("K", "v", "prod")]
    public void Equals_AnyPartDiffers_IsFalse(string key, string value, string tag)
    {
        Assert.NotEqual(new DotEnvEntry("K", "v", ["db"]), new DotEnvEntry(key, value, [tag]));
    }

    [Fact]
    public void Constructor_WithoutTags_HasEmptyTags()
    {
        Assert.Empty(new DotEnvEntry("K", "v").Tags);
    }

    [Fact]
    public void ToString_Entry_RedactsValue()
    {
        string text = new DotEnvEntry("DB_URL", "postgres://user:hunter2@db", ["db"]).ToString();

        Assert.Equal("DotEnvEntry { Key = DB_URL, Value = ***, Tags = [db] }", text);
    }
}
