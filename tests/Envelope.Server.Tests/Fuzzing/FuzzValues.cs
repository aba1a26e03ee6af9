using CsCheck;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>The odd values every part of a fuzzed request draws on.</summary>
internal static class FuzzValues
{
    private static readonly string[] ReservedWords =
    [
        "api", "v1", "me", "organizations", "plans", "projects", "targets", "environments", "secrets", "tokens", "encryption-key", "versions",
        "store", "retrieve", "delete", "purge", "restore", "destroy", "history", "rotate", "rotate-client-keys", "re-encrypt-history", "pending",
        "audit-events", "usage", "jobs", "keys",
    ];

    /// <summary>Boundary strings: empty, 64/65 characters, reserved words, unicode, control characters, near-slugs.</summary>
    public static readonly string[] BoundaryStrings =
    [
        "", " ", "a", "-", "a-", "-a", "a--b", "A", "App", "a b", "a_b", "a.b", "ａｐｐ", "é", "名前", "🔑", "\u202Eppa", "\u0000", "\uFFFD", "\t",
        new string('a', 63), new string('a', 64), new string('a', 65), new string('a', 200), new string('a', 201), new string('é', 64), new string('a', 2001),
        "null", "true", "0", "-1", "NaN", "undefined", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}", "../../etc/passwd", "%s%n",
        .. ReservedWords,
    ];

    internal static readonly string[] NumberTexts =
    [
        "0", "-0", "-1", "1", "0.5", "7", "30", "31", "6", "500", "501", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "1e9", "1e400", "-1e400", "1e-400", "1.0", "99999999999999999999999999999999999",
    ];

    internal static Gen<string> Pick(params string[] values) => Gen.OneOf(values);

    internal static readonly Gen<string> AnyText = Gen.String[0, 80];
}
