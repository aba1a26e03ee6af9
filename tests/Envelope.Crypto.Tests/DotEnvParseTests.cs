namespace Envelope.Crypto.Tests;

public sealed class DotEnvParseTests
{
    private static string Value(string text, string key) =>
        Assert.Single(DotEnv.Parse(text), e => e.Key == key).Value;

    private static string Single(string text) => Assert.Single(DotEnv.Parse(text)).Value;

    [Fact]
    public void Parse_EmptyText_ReturnsNoEntries()
    {
        Assert.Empty(DotEnv.Parse(""));
        Assert.Empty(DotEnv.Parse("\n\n  \t\n# only a comment\n"));
    }

    [Fact]
    public void Parse_SimpleLines_ReturnsEntriesInOrder()
    {
        var entries = DotEnv.Parse("B=2\nA=1\n\n# comment\nC=3");

        Assert.Equal(["B", "A", "C"], entries.Select(e => e.Key));
        Assert.Equal(["2", "1", "3"], entries.Select(e => e.Value));
        Assert.All(entries, e => Assert.Empty(e.Tags));
    }

    [Theory]
    [InlineData("export KEY=value")]
    [InlineData("export\tKEY=value")]
    [InlineData("  export   KEY = value  ")]
    [InlineData("KEY=value # comment")]
    [InlineData("KEY=value\t# comment")]
    [InlineData("KEY='value' # comment")]
    [InlineData("KEY=\"value\"# comment")]
    [InlineData("KEY=`value`")]
    [InlineData("\uFEFFKEY=value")]
    [InlineData("KEY=value\r\n")]
    public void Parse_EquivalentSpellings_GiveSameEntry(string text)
    {
        var entry = Assert.Single(DotEnv.Parse(text));

        Assert.Equal(new DotEnvEntry("KEY", "value"), entry);
    }

    [Theory]
    [InlineData("export=1", "export")]
    [InlineData("export = 1", "export")]
    [InlineData("exported=1", "exported")]
    [InlineData("a.b-c_D9=1", "a.b-c_D9")]
    [InlineData("_=1", "_")]
    public void Parse_KeyLikeExport_KeepsWholeKey(string text, string key)
    {
        Assert.Equal(key, Assert.Single(DotEnv.Parse(text)).Key);
    }

    [Theory]
    [InlineData("KEY=", "")]
    [InlineData("KEY=   ", "")]
    [InlineData("KEY=\"\"", "")]
    [InlineData("KEY=''", "")]
    [InlineData("KEY=``", "")]
    [InlineData("KEY= # only a comment", "")]
    [InlineData("KEY=#not-a-comment", "#not-a-comment")]
    [InlineData("KEY=a#b", "a#b")]
    [InlineData("KEY=a=b==", "a=b==")]
    [InlineData("KEY=  spaced out  ", "spaced out")]
    [InlineData("KEY=it's \"fine\"", "it's \"fine\"")]
    [InlineData("KEY='  kept  '", "  kept  ")]
    [InlineData("KEY='a\\nb # c'", "a\\nb # c")]
    [InlineData("KEY=`it's \"both\"`", "it's \"both\"")]
    [InlineData("KEY=\"a\\nb\\rc\\td\\\"e\\\\f\"", "a\nb\rc\td\"e\\f")]
    [InlineData("KEY=\"unknown \\x escape\"", "unknown \\x escape")]
    [InlineData("KEY=\"# not a comment\"", "# not a comment")]
    [InlineData("KEY=\"ends with backslash\\\\\"", "ends with backslash\\")]
    [InlineData("KEY=unquoted\\nstays", "unquoted\\nstays")]
    [InlineData("KEY=${HOME}/x", "${HOME}/x")]
    [InlineData("KEY=日本語 😀", "日本語 😀")]
    public void Parse_Value_IsUnquotedAndUnescaped(string text, string expected)
    {
        Assert.Equal(expected, Single(text));
    }

    [Fact]
    public void Parse_DoubleQuotedAcrossLines_KeepsNewlines()
    {
        var entries = DotEnv.Parse("A=1\nPEM=\"-----BEGIN-----\nabc\ndef\n-----END-----\"\nB=2\n");

        Assert.Equal("-----BEGIN-----\nabc\ndef\n-----END-----", entries[1].Value);
        Assert.Equal(["A", "PEM", "B"], entries.Select(e => e.Key));
    }

    [Theory]
    [InlineData("K=\"a\r\nb\"")]
    [InlineData("K=\"a\rb\"")]
    [InlineData("K='a\r\nb'")]
    [InlineData("K=`a\nb`")]
    public void Parse_QuotedLineBreak_BecomesLineFeed(string text)
    {
        Assert.Equal("a\nb", Single(text));
    }

    [Fact]
    public void Parse_DuplicateKey_LastWinsAtFirstPosition()
    {
        var entries = DotEnv.Parse("A=1\nB=2\n# @tags: db\nA=3\n");

        Assert.Equal([new DotEnvEntry("A", "3", ["db"]), new DotEnvEntry("B", "2")], entries);
    }

    [Fact]
    public void Parse_TagsAnnotation_AttachesToNextEntryOnly()
    {
        var entries = DotEnv.Parse("# @tags: db, prod\nDB_URL=x\nOTHER=y\n");

        Assert.Equal(["db", "prod"], entries[0].Tags);
        Assert.Empty(entries[1].Tags);
    }

    [Theory]
    [InlineData("#@tags:db prod\nK=v")]
    [InlineData("  #   @tags:   db ,prod  \nK=v")]
    [InlineData("# @tags: db,,prod,\nK=v")]
    [InlineData("# @tags: db\tprod\r\nK=v")]
    public void Parse_TagsSeparatedByCommasOrBlanks_ReadsEachTag(string text)
    {
        Assert.Equal(["db", "prod"], Assert.Single(DotEnv.Parse(text)).Tags);
    }

    [Theory]
    [InlineData("# @tags: db\n\nK=v")] // a blank line in between
    [InlineData("# @tags: db\n# a note\nK=v")] // another comment in between
    [InlineData("# tags: db\nK=v")] // not the annotation
    [InlineData("# @TAGS: db\nK=v")]
    [InlineData("# @tags:\nK=v")]
    [InlineData("K=v # @tags: db")] // inline comments carry nothing
    public void Parse_NoAnnotationDirectlyAbove_HasNoTags(string text)
    {
        Assert.Empty(Assert.Single(DotEnv.Parse(text)).Tags);
    }

    [Fact]
    public void Parse_AnnotationAboveMultiLineValue_Attaches()
    {
        var entries = DotEnv.Parse("# @tags: tls\nCERT=\"a\nb\"\n# @tags: db\nDB=1\n");

        Assert.Equal(["tls"], entries[0].Tags);
        Assert.Equal(["db"], entries[1].Tags);
    }

    [Fact]
    public void Parse_VectorPlaintext_ReadsMultiLineAndExport()
    {
        var entries = DotEnv.Parse("MULTI=\"line one\nline two\"\nexport TOKEN='x y'\n");

        Assert.Equal([new DotEnvEntry("MULTI", "line one\nline two"), new DotEnvEntry("TOKEN", "x y")], entries);
    }

    /// <summary>motdotla/dotenv's own test file, read the way dotenv reads it except where noted.</summary>
    [Fact]
    public void Parse_DotenvTestFile_MatchesDotenv()
    {
        const string text = """
            BASIC=basic

            # previous line intentionally left blank
            AFTER_LINE=after_line
            EMPTY=
            EMPTY_SINGLE_QUOTES=''
            EMPTY_DOUBLE_QUOTES=""
            EMPTY_BACKTICKS=``
            SINGLE_QUOTES='single_quotes'
            SINGLE_QUOTES_SPACED='    single quotes    '
            DOUBLE_QUOTES="double_quotes"
            DOUBLE_QUOTES_SPACED="    double quotes    "
            DOUBLE_QUOTES_INSIDE_SINGLE='double "quotes" work inside single quotes'
            DOUBLE_QUOTES_WITH_NO_SPACE_BRACKET="{ port: $MONGOLAB_PORT}"
            SINGLE_QUOTES_INSIDE_DOUBLE="single 'quotes' work inside double quotes"
            BACKTICKS_INSIDE_SINGLE='`backticks` work inside single quotes'
            BACKTICKS_INSIDE_DOUBLE="`backticks` work inside double quotes"
            BACKTICKS=`backticks`
            BACKTICKS_SPACED=`    backticks    `
            DOUBLE_QUOTES_INSIDE_BACKTICKS=`double "quotes" work inside backticks`
            SINGLE_QUOTES_INSIDE_BACKTICKS=`single 'quotes' work inside backticks`
            EXPAND_NEWLINES="expand\nnew\nlines"
            DONT_EXPAND_UNQUOTED=dontexpand\nnewlines
            DONT_EXPAND_SQUOTED='dontexpand\nnewlines'
            # COMMENTS=work
            INLINE_COMMENTS=inline comments # work #very #well
            INLINE_COMMENTS_SINGLE_QUOTES='inline comments outside of #singlequotes' # work
            INLINE_COMMENTS_DOUBLE_QUOTES="inline comments outside of #doublequotes" # work
            INLINE_COMMENTS_BACKTICKS=`inline comments outside of #backticks` # work
            EQUAL_SIGNS=equals==
            RETAIN_INNER_QUOTES={"foo": "bar"}
            RETAIN_INNER_QUOTES_AS_STRING='{"foo": "bar"}'
            RETAIN_INNER_QUOTES_AS_BACKTICKS=`{"foo": "bar's"}`
            TRIM_SPACE_FROM_UNQUOTED=    some spaced out string
            USERNAME=therealnerd@example.com
            SPACED_KEY = parsed
            MULTI_DOUBLE_QUOTED="THIS
            IS
            A
            MULTILINE
            STRING"
            MULTI_SINGLE_QUOTED='THIS
            IS
            A
            MULTILINE
            STRING'
            """;

        var parsed = DotEnv.Parse(text).ToDictionary(e => e.Key, e => e.Value);

        Assert.Equal("basic", parsed["BASIC"]);
        Assert.Equal("after_line", parsed["AFTER_LINE"]);
        Assert.Equal("", parsed["EMPTY"]);
        Assert.Equal("", parsed["EMPTY_SINGLE_QUOTES"]);
        Assert.Equal("", parsed["EMPTY_DOUBLE_QUOTES"]);
        Assert.Equal("", parsed["EMPTY_BACKTICKS"]);
        Assert.Equal("single_quotes", parsed["SINGLE_QUOTES"]);
        Assert.Equal("    single quotes    ", parsed["SINGLE_QUOTES_SPACED"]);
        Assert.Equal("double_quotes", parsed["DOUBLE_QUOTES"]);
        Assert.Equal("    double quotes    ", parsed["DOUBLE_QUOTES_SPACED"]);
        Assert.Equal("double \"quotes\" work inside single quotes", parsed["DOUBLE_QUOTES_INSIDE_SINGLE"]);
        Assert.Equal("{ port: $MONGOLAB_PORT}", parsed["DOUBLE_QUOTES_WITH_NO_SPACE_BRACKET"]);
        Assert.Equal("single 'quotes' work inside double quotes", parsed["SINGLE_QUOTES_INSIDE_DOUBLE"]);
        Assert.Equal("`backticks` work inside single quotes", parsed["BACKTICKS_INSIDE_SINGLE"]);
        Assert.Equal("`backticks` work inside double quotes", parsed["BACKTICKS_INSIDE_DOUBLE"]);
        Assert.Equal("backticks", parsed["BACKTICKS"]);
        Assert.Equal("    backticks    ", parsed["BACKTICKS_SPACED"]);
        Assert.Equal("double \"quotes\" work inside backticks", parsed["DOUBLE_QUOTES_INSIDE_BACKTICKS"]);
        Assert.Equal("single 'quotes' work inside backticks", parsed["SINGLE_QUOTES_INSIDE_BACKTICKS"]);
        Assert.Equal("expand\nnew\nlines", parsed["EXPAND_NEWLINES"]);
        Assert.Equal("dontexpand\\nnewlines", parsed["DONT_EXPAND_UNQUOTED"]);
        Assert.Equal("dontexpand\\nnewlines", parsed["DONT_EXPAND_SQUOTED"]);
        Assert.False(parsed.ContainsKey("COMMENTS"));
        Assert.Equal("inline comments", parsed["INLINE_COMMENTS"]);
        Assert.Equal("inline comments outside of #singlequotes", parsed["INLINE_COMMENTS_SINGLE_QUOTES"]);
        Assert.Equal("inline comments outside of #doublequotes", parsed["INLINE_COMMENTS_DOUBLE_QUOTES"]);
        Assert.Equal("inline comments outside of #backticks", parsed["INLINE_COMMENTS_BACKTICKS"]);
        Assert.Equal("equals==", parsed["EQUAL_SIGNS"]);
        Assert.Equal("{\"foo\": \"bar\"}", parsed["RETAIN_INNER_QUOTES"]);
        Assert.Equal("{\"foo\": \"bar\"}", parsed["RETAIN_INNER_QUOTES_AS_STRING"]);
        Assert.Equal("{\"foo\": \"bar's\"}", parsed["RETAIN_INNER_QUOTES_AS_BACKTICKS"]);
        Assert.Equal("some spaced out string", parsed["TRIM_SPACE_FROM_UNQUOTED"]);
        Assert.Equal("therealnerd@example.com", parsed["USERNAME"]);
        Assert.Equal("parsed", parsed["SPACED_KEY"]);
        Assert.Equal("THIS\nIS\nA\nMULTILINE\nSTRING", parsed["MULTI_DOUBLE_QUOTED"]);
        Assert.Equal("THIS\nIS\nA\nMULTILINE\nSTRING", parsed["MULTI_SINGLE_QUOTED"]);
    }

    [Fact]
    public void Parse_HashInsideUnquotedWord_DiffersFromDotenvByKeepingIt()
    {
        // dotenv cuts "a#number" at the '#'; like a shell, Envelope starts a comment only after a blank.
        Assert.Equal("inline comments start with a#number sign.", Value("X=inline comments start with a#number sign. # yes", "X"));
    }
}
