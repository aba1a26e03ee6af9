using System.Globalization;
using CsCheck;
using static Envelope.Server.Tests.Fuzzing.FuzzValues;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>Paths with seeded or odd segments, and query strings.</summary>
internal static class PathGenerators
{
    /// <summary>Path segments that mean something to a URL parser; used as they are, not escaped again.</summary>
    private static readonly string[] RawSegments = ["..", ".", "%2F", "%2f", "%2e%2e", "..%2F..", "%FF", "%C0%AF", "%01", "a%2Fb", "%25", "%20", "app%2F..%2Fweb", "%E2%80%AE", "%", "%zz", ";", "app;x=1", "~", "app.json"];

    private static readonly string[] VersionIds =
    [
        "0", "-1", "1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "1000000000", "1e9", "abc", "", "1.5", "0x10", "٣", "+1", "%20", "01", "1_000", "99999999999999999999999999999",
    ];

    // %00 is left out of paths: the in-process TestServer client throws on it before the request leaves the test
    // (PathString.FromUriComponent), and Kestrel rejects it with a 400 before the application sees it.
    private static Gen<string> Escaped(Gen<string> gen) => gen.Select(s => Uri.EscapeDataString(s).Replace("%00", "%01", StringComparison.Ordinal));

    /// <summary>An odd path segment for a slug or an id.</summary>
    private static readonly Gen<string> OddSegment = Gen.Frequency(
        (4, Escaped(Pick(BoundaryStrings))),
        (3, Pick(RawSegments)),
        (2, Escaped(AnyText)),
        (1, Gen.Int[1000, 5000].Select(n => new string('a', n))),
        (1, Pick("01J00000000000000000000000", "00000000000000000000000000", "ZZZZZZZZZZZZZZZZZZZZZZZZZZ", "org_unknown")));

    private static Gen<string> Segment(string real, int realWeight) => Gen.Frequency((realWeight, Gen.Const(real)), (10 - realWeight, OddSegment));

    private static Gen<string> VersionSegment(long real, int realWeight) => Gen.Frequency(
        (realWeight, Gen.Const(real.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Long[-3, 3].Select(d => (real + d).ToString(CultureInfo.InvariantCulture))),
        (9 - realWeight, Escaped(Pick(VersionIds))));

    internal static Gen<string> FillPath(FuzzEndpoint endpoint, FuzzWorld world, int realWeight)
    {
        var project = endpoint.Destructive ? "doomed" : "app";
        var target = endpoint.Destructive ? "dt" : "web";
        var environment = endpoint.Destructive ? "de" : "prod";
        var version = endpoint.Destructive ? world.DoomedVersionId : world.VersionId;
        var token = endpoint.Destructive ? Gen.OneOf(world.DoomedTokenId, world.RevokedTokenId) : Gen.Const(world.RevokedTokenId);
        return Gen.Select(
            Segment(world.OrganizationId, Math.Min(9, realWeight + 1)),
            Segment(project, realWeight),
            Segment(target, realWeight),
            Segment(environment, realWeight),
            VersionSegment(version, realWeight),
            Gen.Frequency((realWeight, token), (10 - realWeight, OddSegment)),
            Gen.Frequency((3, Gen.Const("01J00000000000000000000000")), (7, OddSegment)),
            (org, p, t, e, v, tok, job) => endpoint.Template
                .Replace("{org}", org, StringComparison.Ordinal)
                .Replace("{project}", p, StringComparison.Ordinal)
                .Replace("{target}", t, StringComparison.Ordinal)
                .Replace("{environment}", e, StringComparison.Ordinal)
                .Replace("{version}", v, StringComparison.Ordinal)
                .Replace("{token}", tok, StringComparison.Ordinal)
                .Replace("{job}", job, StringComparison.Ordinal));
    }

    private static readonly string[] QueryNames =
    [
        "page", "per_page", "days", "action", "project", "token", "since", "until", "merge", "limit", "return_url", "client_id", "response_type",
        "redirect_uri", "code_challenge", "code_challenge_method", "scope", "state", "force", "confirmed", "raw", "format", "", "page[]",
    ];

    private static readonly Gen<string> QueryValue = Gen.Frequency(
        (3, Pick(NumberTexts)),
        (2, Escaped(Pick(BoundaryStrings))),
        (1, Pick("2026-01-01T00:00:00Z", "not-a-date", "9999-12-31T23:59:59Z", "0001-01-01", "both", "true", "code", "envelope-cli", "http://127.0.0.1:1/cb", "S256", "plain")),
        (1, Pick(RawSegments)));

    internal static readonly Gen<string> Query = Gen.Frequency(
        (6, Gen.Const(string.Empty)),
        (3, Gen.Select(Pick(QueryNames), QueryValue, (n, v) => $"{n}={v}").Array[1, 4].Select(parts => "?" + string.Join('&', parts))),
        (1, Pick("?", "?&&", "?page", "?page=1&page=2", "?per_page=100&per_page=-1", "?%FF=%FF", "?a=" + new string('b', 8000))));

    internal static readonly Gen<string> AuthorizeQuery = Gen.Select(
        Gen.Frequency((3, Gen.Const("envelope-cli")), (1, Escaped(Pick(BoundaryStrings)))),
        Gen.Frequency((3, Gen.Const("code")), (1, Pick("token", "", "code%20token", "id_token"))),
        Gen.Frequency((3, Gen.Const("http%3A%2F%2F127.0.0.1%3A53682%2Fcallback")), (1, Pick("https%3A%2F%2Fevil.example", "", "%FF", "javascript%3Aalert(1)", "http%3A%2F%2Flocalhost"))),
        Gen.Frequency((3, Gen.Const(new string('c', 43))), (1, Pick("", "short", new string('c', 129), "%FF"))),
        Gen.Frequency((3, Gen.Const("S256")), (1, Pick("plain", "", "s256", "MD5"))),
        Pick("offline_access", "", "openid", "offline_access%20admin"),
        (client, type, redirect, challenge, method, scope) =>
            $"?client_id={client}&response_type={type}&redirect_uri={redirect}&code_challenge={challenge}&code_challenge_method={method}&scope={scope}&state=st4te");
}
