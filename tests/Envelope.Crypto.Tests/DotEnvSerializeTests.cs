namespace Envelope.Crypto.Tests;

public sealed class DotEnvSerializeTests
{
    [Fact]
    public void Serialize_NoEntries_ReturnsEmptyText()
    {
        Assert.Equal("", DotEnv.Serialize(Array.Empty<DotEnvEntry>()));
        Assert.Equal("", DotEnv.Serialize(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("", "K=\n")]
    [InlineData("plain", "K=plain\n")]
    [InlineData("postgres://u:p@db:5432/app?ssl=true", "K=postgres://u:p@db:5432/app?ssl=true\n")]
    [InlineData("a=b,c+d%e", "K=a=b,c+d%e\n")]
    [InlineData("été", "K=été\n")]
    [InlineData("two words", "K='two words'\n")]
    [InlineData(" padded ", "K=' padded '\n")]
    [InlineData("a#b", "K='a#b'\n")]
    [InlineData("$HOME", "K='$HOME'\n")]
    [InlineData("back\\slash", "K='back\\slash'\n")]
    [InlineData("say \"hi\"", "K='say \"hi\"'\n")]
    [InlineData("it's", "K=\"it's\"\n")]
    [InlineData("line\nbreak", "K=\"line\\nbreak\"\n")]
    [InlineData("cr\r\nlf", "K=\"cr\\r\\nlf\"\n")]
    [InlineData("it's \"both\" \\ and\ttab\n", "K=\"it's \\\"both\\\" \\\\ and\\ttab\\n\"\n")]
    public void Serialize_Value_QuotesOnlyWhenNeeded(string value, string expected)
    {
        Assert.Equal(expected, DotEnv.Serialize([new DotEnvEntry("K", value)]));
    }

    [Fact]
    public void Serialize_EntryWithTags_WritesAnnotationAbove()
    {
        string text = DotEnv.Serialize([new DotEnvEntry("A", "1"), new DotEnvEntry("DB", "x", ["db", "prod"])]);

        Assert.Equal("A=1\n# @tags: db, prod\nDB=x\n", text);
    }

    [Fact]
    public void Serialize_Pairs_KeepsOrder()
    {
        Assert.Equal("B=2\nA=1\n", DotEnv.Serialize([new KeyValuePair<string, string>("B", "2"), new KeyValuePair<string, string>("A", "1")]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1A")]
    [InlineData("A B")]
    [InlineData("A=B")]
    [InlineData("É")]
    public void Serialize_InvalidKey_ThrowsArgumentException(string key)
    {
        Assert.Throws<ArgumentException>("entries", () => DotEnv.Serialize([new DotEnvEntry(key, "v")]));
    }

    [Fact]
    public void Serialize_DuplicateKey_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>("values", () => DotEnv.Serialize([new KeyValuePair<string, string>("A", "1"), new KeyValuePair<string, string>("A", "2")]));
    }

    [Theory]
    [InlineData("Prod")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("-a")]
    public void Serialize_InvalidTag_ThrowsArgumentException(string tag)
    {
        Assert.Throws<ArgumentException>("entries", () => DotEnv.Serialize([new DotEnvEntry("K", "v", [tag])]));
    }

    [Fact]
    public void Serialize_NullValue_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>("entries", () => DotEnv.Serialize([new DotEnvEntry("K", null!)]));
    }
}
