using System.Text;
using CsCheck;

namespace Envelope.Crypto.Tests;

public sealed class DotEnvPropertyTests
{
    [Fact]
    public void ParseSerialize_GeneratedEntries_RoundTrips()
    {
        Generators.Entries(Generators.Key, 12)
            .Sample(entries => Assert.Equal(entries, DotEnv.Parse(DotEnv.Serialize(entries))));
    }

    [Fact]
    public void ParseSerialize_GeneratedPairs_RoundTrips()
    {
        Gen.Dictionary(Generators.Key, Generators.Text)[0, 12]
            .Sample(values => Assert.Equal(values, DotEnv.Parse(DotEnv.Serialize(values)).ToDictionary(e => e.Key, e => e.Value)));
    }

    [Fact]
    public void Parse_AnyValidSpellingOfEntries_ReturnsThoseEntries()
    {
        (from entries in Generators.Entries(Generators.Key, 8)
         from text in Spelling(entries)
         select (entries, text))
            .Sample((entries, text) => Assert.Equal(entries, DotEnv.Parse(text)), print: t => Escape(t.Item2));
    }

    [Fact]
    public void SerializeParse_AnyValidText_IsCanonical()
    {
        // Serialize(Parse(text)) is a fixed point: parsing it gives the same entries and serializing again the same text.
        (from entries in Generators.Entries(Generators.Key, 8)
         from text in Spelling(entries)
         select text)
            .Sample(text =>
            {
                var parsed = DotEnv.Parse(text);
                string canonical = DotEnv.Serialize(parsed);
                Assert.Equal(parsed, DotEnv.Parse(canonical));
                Assert.Equal(canonical, DotEnv.Serialize(DotEnv.Parse(canonical)));
            }, print: Escape);
    }

    [Fact]
    public void Parse_DuplicatedKeys_LastValueWinsAtFirstPosition()
    {
        Generators.Entry(Generators.PooledKey).Array[0, 12]
            .Sample(entries =>
            {
                var expected = entries
                    .GroupBy(e => e.Key, StringComparer.Ordinal)
                    .Select(g => g.Last());
                var written = new StringBuilder();
                foreach (DotEnvEntry entry in entries)
                    written.Append(DotEnv.Serialize([entry]));
                Assert.Equal(expected, DotEnv.Parse(written.ToString()));
            });
    }

    [Fact]
    public void Merge_GeneratedLevels_DeepestWinsOverUnionOfKeys()
    {
        var level = Gen.Frequency(
            (1, Gen.Const<List<DotEnvEntry>?>((List<DotEnvEntry>?)null)),
            (4, Generators.Entries(Generators.PooledKey, 6).Select(l => (List<DotEnvEntry>?)l)));
        level.Array[0, 4]
            .Sample(levels =>
            {
                var merged = DotEnv.Merge(levels);
                var present = levels.Where(l => l is not null).SelectMany(l => l!).ToList();

                Assert.Equal(present.Select(e => e.Key).Distinct(), merged.Keys);
                foreach (var (key, value) in merged)
                    Assert.Equal(present.Last(e => e.Key == key).Value, value);
            });
    }

    [Fact]
    public void Merge_SameLevelsTwice_IsIdempotent()
    {
        Generators.Entries(Generators.PooledKey, 6).Array[1, 3]
            .Sample(levels => Assert.Equal(DotEnv.Merge(levels), DotEnv.Merge([.. levels, .. levels])));
    }

    /// <summary>Writes entries in a randomly chosen valid way each: quoting, export, blanks, comments, line endings.</summary>
    private static Gen<string> Spelling(List<DotEnvEntry> entries) =>
        Gen.Select(Gen.Int.Array[entries.Count * 8], Gen.Bool).Select((choices, crlf) =>
        {
            string eol = crlf ? "\r\n" : "\n";
            var text = new StringBuilder();
            for (int i = 0; i < entries.Count; i++)
                Spell(text, entries[i], new ArraySegment<int>(choices, i * 8, 8), eol);
            return text.ToString();
        });

    private static void Spell(StringBuilder text, DotEnvEntry entry, ArraySegment<int> choice, string eol)
    {
        int Pick(int index, int count) => (int)((uint)choice[index] % (uint)count);

        if (Pick(0, 4) == 0)
            text.Append(eol);
        if (Pick(1, 4) == 0)
            text.Append("# a comment = with 'quotes'").Append(eol);
        if (entry.Tags.Count > 0)
            text.Append(Pick(2, 2) == 0 ? "# @tags: " + string.Join(", ", entry.Tags) : "#@tags:" + string.Join(' ', entry.Tags)).Append(eol);

        text.Append(Pick(3, 3) == 0 ? "export " : Pick(3, 3) == 1 ? "  " : "");
        text.Append(entry.Key);
        text.Append(Pick(4, 2) == 0 ? " = " : "=");

        var styles = new List<Func<string, string>> { DoubleQuoted };
        if (CanBeBare(entry.Value))
            styles.Add(v => v);
        if (!entry.Value.Contains('\'', StringComparison.Ordinal) && !entry.Value.Contains('\r', StringComparison.Ordinal))
            styles.Add(v => $"'{v}'");
        if (!entry.Value.Contains('`', StringComparison.Ordinal) && !entry.Value.Contains('\r', StringComparison.Ordinal))
            styles.Add(v => $"`{v}`");
        text.Append(styles[Pick(5, styles.Count)](entry.Value));

        if (Pick(6, 3) == 0)
            text.Append(" # inline ' \" comment");
        text.Append(Pick(7, 2) == 0 ? " \t" : "").Append(eol);
    }

    private static bool CanBeBare(string value) =>
        value == value.Trim(' ', '\t')
        && !value.Contains('\n', StringComparison.Ordinal)
        && !value.Contains('\r', StringComparison.Ordinal)
        && !value.Contains(" #", StringComparison.Ordinal)
        && !value.Contains("\t#", StringComparison.Ordinal)
        && (value.Length == 0 || value[0] is not ('"' or '\'' or '`' or '#'));

    /// <summary>Double quotes always work; real newlines and \n escapes are both used.</summary>
    private static string DoubleQuoted(string value)
    {
        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\r' => "\\r",
                '\t' => "\\t",
                '\n' when value.Length % 2 == 0 => "\\n",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
