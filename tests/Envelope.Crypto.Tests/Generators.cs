using CsCheck;

namespace Envelope.Crypto.Tests;

/// <summary>CsCheck generators for keys, values, tags and entries, weighted toward the characters .env syntax cares about.</summary>
internal static class Generators
{
    /// <summary>Pieces of values: syntax characters, escapes, line breaks, blanks and non-ASCII (whole surrogate pairs).</summary>
    private static readonly string[] s_valuePieces =
    [
        "a", "Z", "0", "_", "-", ".", "/", ":", "@", "%", "+", ",", "=", "==",
        " ", "  ", "\t", "\"", "'", "`", "#", " #", "\t#", "# ", "$", "${HOME}", "\\", "\\n", "\\\"",
        "\n", "\r", "\r\n", "\0", "\u00A0", "\u2028", "é", "日本", "😀", "export ", "KEY=", ";", "&", "|", "~", "(", ")",
    ];

    public static Gen<string> Key { get; } =
        Gen.Select(
            Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"],
            Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"].Array[0, 10],
            (first, rest) => first + new string(rest));

    /// <summary>Keys from a small pool, so that levels and documents share some.</summary>
    public static Gen<string> PooledKey { get; } = Gen.OneOf("A", "B", "C", "DB_URL", "db.url", "x-y", "_", "export", "TOKEN");

    public static Gen<string> Text { get; } = Gen.OneOf(s_valuePieces).Array[0, 12].Select(string.Concat);

    public static Gen<string> Tag { get; } = Gen.OneOf("db", "prod", "staging", "a-b", "x1", "0", "team-payments-eu");

    public static Gen<IReadOnlyList<string>> Tags { get; } =
        Gen.Frequency((3, Gen.Const<IReadOnlyList<string>>([])), (1, Tag.Array[1, 3].Select(a => (IReadOnlyList<string>)a)));

    public static Gen<DotEnvEntry> Entry(Gen<string> key) =>
        Gen.Select(key, Text, Tags, (k, v, t) => new DotEnvEntry(k, v, t));

    /// <summary>Entries with distinct keys, as a parsed document has them.</summary>
    public static Gen<List<DotEnvEntry>> Entries(Gen<string> key, int max) =>
        Entry(key).Array[0, max].Select(a => a.DistinctBy(e => e.Key, StringComparer.Ordinal).ToList());
}
