namespace Envelope.Crypto.Tests;

public sealed class DotEnvParseErrorTests
{
    [Theory]
    [InlineData("NO_EQUALS", 1)]
    [InlineData("A=1\n\nNO_EQUALS value", 3)]
    [InlineData("A=1\n1ABC=2", 2)]
    [InlineData("A=1\nBAD KEY=2", 2)]
    [InlineData("-X=1", 1)]
    [InlineData("=value", 1)]
    [InlineData("export ", 1)]
    [InlineData("export X", 1)]
    [InlineData("KEY: value", 1)]
    [InlineData("A=1\r\nB=2\r\n\r\n!", 4)]
    [InlineData("A=\"x\ny\"\nB=2\nC", 4)] // lines inside a multi-line value count
    [InlineData("A='x\r\ny\r\nz'\n?", 4)]
    [InlineData("A=\"unterminated", 1)]
    [InlineData("A=1\nB=\"opens here\nand never\ncloses", 2)]
    [InlineData("A=1\nB='never closes", 2)]
    [InlineData("A=`never closes", 1)]
    [InlineData("A=\"escaped close\\\"", 1)]
    [InlineData("A=\"quoted\" trailing", 1)]
    [InlineData("A=\"two\nlines\" trailing", 2)]
    [InlineData("A='x''y'", 1)]
    [InlineData("A=1\n# @tags: Prod\nB=2", 2)]
    [InlineData("# @tags: db, -bad\nB=2", 1)]
    [InlineData("# @tags: a--b\nB=2", 1)]
    [InlineData("# @tags: db_prod\nB=2", 1)]
    public void Parse_InvalidSyntax_ThrowsWithLineNumber(string text, int line)
    {
        var error = Assert.Throws<DotEnvFormatException>(() => DotEnv.Parse(text));

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"Line {line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TagOfMaximumLength_IsAccepted()
    {
        string tag = new('a', 64);

        Assert.Equal([tag], Assert.Single(DotEnv.Parse($"# @tags: {tag}\nK=v")).Tags);
        Assert.Throws<DotEnvFormatException>(() => DotEnv.Parse($"# @tags: {tag}a\nK=v"));
    }

    [Fact]
    public void TryParse_InvalidSyntax_ReturnsFalseWithMessage()
    {
        Assert.False(DotEnv.TryParse("A=1\nB=\"open", out var entries, out string? error));

        Assert.Null(entries);
        Assert.Equal("Line 2: unterminated double-quoted value", error);
    }

    [Fact]
    public void TryParse_ValidText_ReturnsEntries()
    {
        Assert.True(DotEnv.TryParse("A=1", out var entries, out string? error));

        Assert.Null(error);
        Assert.Equal([new DotEnvEntry("A", "1")], entries);
    }

    [Theory]
    [InlineData("sk_live_SECRET123")]
    [InlineData("KEY=\"sk_live_SECRET123\" sk_live_SECRET123")]
    [InlineData("KEY=\"sk_live_SECRET123")]
    [InlineData("# @tags: sk_live_SECRET123\nK=v")]
    public void Parse_InvalidSyntax_MessageDoesNotQuoteInput(string text)
    {
        var error = Assert.Throws<DotEnvFormatException>(() => DotEnv.Parse(text));

        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => DotEnv.Parse(null!));
    }

    [Fact]
    public void Constructor_WithLine_FormatsMessage()
    {
        var error = new DotEnvFormatException(7, "something is wrong");

        Assert.Equal(7, error.Line);
        Assert.Equal("Line 7: something is wrong", error.Message);
        Assert.Equal(0, new DotEnvFormatException("no line").Line);
    }
}
