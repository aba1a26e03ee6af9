using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>
/// One endpoint to fuzz. The template's placeholders (<c>{org} {project} {target} {environment} {version} {token} {job}</c>)
/// are filled with seeded values or odd ones; <see cref="Body"/> is a valid-ish body that mutations start from.
/// </summary>
public sealed record FuzzEndpoint(string[] Methods, string Template, Func<FuzzWorld, JsonObject>? Body = null, BodyKind Kind = BodyKind.Json, bool Destructive = false, bool ReadOnlyPost = false)
{
    public override string ToString() => $"{string.Join('|', Methods)} {Template}";
}

public enum BodyKind
{
    Json,
    Form,
}

/// <summary>CsCheck generators of malformed requests over every endpoint of docs/openapi.json, the OAuth paths and unknown paths.</summary>
public static class RequestGenerators
{
    private static JsonObject Level(string project, string? target = "web", string? environment = "prod") =>
        new() { ["project"] = project, ["target"] = target, ["environment"] = environment };

    private static JsonObject With(JsonObject node, params (string Key, JsonNode? Value)[] members)
    {
        foreach (var (key, value) in members)
        {
            node[key] = value;
        }

        return node;
    }

    private static JsonObject RotateClientKeys() => new()
    {
        ["secrets"] = new JsonArray(new JsonObject { ["id"] = "01J00000000000000000000000", ["content"] = "AAAA" }),
        ["key_check"] = Convert.ToBase64String(new byte[32]),
        ["key_check_salt"] = Convert.ToBase64String(new byte[16]),
        ["key_check_iterations"] = 100_000,
        ["key_proof"] = "x",
    };

    /// <summary>Every path and method of docs/openapi.json, the OAuth endpoints, long-format paths and unknown paths.</summary>
    public static readonly FuzzEndpoint[] Endpoints =
    [
        new(["GET"], "/api/v1/me"),
        new(["GET", "POST"], "/api/v1/organizations", _ => new JsonObject { ["name"] = "fuzzed org" }),
        new(["GET"], "/api/v1/plans"),
        new(["POST"], "/api/v1/users", _ => new JsonObject { ["email"] = "fuzz@example.com", ["password"] = "correct horse battery staple" }),
        new(["POST"], "/api/v1/telemetry", _ => new JsonObject { ["event"] = "command", ["name"] = "push", ["cli_version"] = "1.2.3", ["os"] = "linux", ["success"] = true, ["duration_ms"] = 120 }),
        new(["GET"], "/api/v1/telemetry/summary"),
        new(["GET"], "/api/v1/{org}"),
        new(["GET"], "/api/v1/{org}/audit-events"),
        new(["GET"], "/api/v1/{org}/usage"),
        new(["GET", "POST"], "/api/v1/{org}/projects", _ => new JsonObject { ["name"] = "Fresh App", ["slug"] = "fresh", ["description"] = "d", ["key_management"] = "server", ["history_policy"] = "keep" }),
        new(["GET", "PATCH", "PUT"], "/api/v1/{org}/projects/{project}", _ => new JsonObject { ["name"] = "renamed", ["description"] = "changed" }),
        new(["DELETE"], "/api/v1/{org}/projects/{project}", Destructive: true),
        new(["GET", "POST"], "/api/v1/{org}/{project}/targets", _ => new JsonObject { ["name"] = "fresh", ["slug"] = "fresh", ["description"] = "d" }),
        new(["GET", "PATCH", "PUT"], "/api/v1/{org}/{project}/targets/{target}", _ => new JsonObject { ["name"] = "renamed", ["description"] = "changed" }),
        new(["DELETE"], "/api/v1/{org}/{project}/targets/{target}", Destructive: true),
        new(["GET", "POST"], "/api/v1/{org}/{project}/{target}/environments", _ => new JsonObject { ["name"] = "fresh", ["slug"] = "fresh" }),
        new(["GET", "PATCH", "PUT"], "/api/v1/{org}/{project}/{target}/environments/{environment}", _ => new JsonObject { ["name"] = "renamed", ["description"] = "changed" }),
        new(["DELETE"], "/api/v1/{org}/{project}/{target}/environments/{environment}", Destructive: true),
        new(["GET", "POST"], "/api/v1/{org}/tokens", _ => new JsonObject { ["name"] = "child", ["abilities"] = new JsonArray("project:read"), ["projects"] = new JsonArray("app"), ["expires_at"] = "2099-01-01T00:00:00Z" }),
        new(["DELETE"], "/api/v1/{org}/tokens/{token}", Destructive: true),
        new(["GET"], "/api/v1/{org}/{project}/secrets"),
        new(["GET"], "/api/v1/{org}/{project}/{target}/secrets"),
        new(["GET"], "/api/v1/{org}/{project}/{target}/{environment}/secrets"),
        new(["POST"], "/api/v1/{org}/secrets/retrieve", _ => With(Level("app"), ("action", "decrypt"), ("filters", new JsonObject { ["names"] = new JsonArray("SEEDED"), ["tags"] = null, ["search"] = "S" }), ("merge", "both"), ("raw", false)), ReadOnlyPost: true),
        new(["POST"], "/api/v1/{org}/secrets/store", _ => With(Level("app"), ("content", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), ("key_proof", null), ("no_backup", false))),
        new(["POST"], "/api/v1/{org}/secrets/delete", _ => With(Level("doomed", "dt", "de"), ("no_backup", false), ("confirmed", true)), Destructive: true),
        new(["POST"], "/api/v1/{org}/secrets/versions", _ => With(Level("app"), ("page", 1), ("per_page", 25)), ReadOnlyPost: true),
        new(["GET"], "/api/v1/{org}/secrets/versions/{version}"),
        new(["DELETE"], "/api/v1/{org}/secrets/versions/{version}", Destructive: true),
        new(["POST"], "/api/v1/{org}/secrets/versions/{version}/restore", _ => new JsonObject { ["content"] = null, ["key_proof"] = null }),
        new(["POST"], "/api/v1/{org}/secrets/versions/{version}/destroy", Destructive: true),
        new(["POST"], "/api/v1/{org}/secrets/versions/purge", _ => With(Level("doomed", "dt", "de"), ("scope", "level"), ("confirmed", true)), Destructive: true),
        new(["GET"], "/api/v1/{org}/{project}/encryption-key"),
        new(["GET"], "/api/v1/{org}/{project}/encryption-key/history"),
        new(["POST"], "/api/v1/{org}/{project}/encryption-key/rotate", _ => new JsonObject { ["history_policy"] = "keep" }),
        new(["GET"], "/api/v1/{org}/{project}/encryption-key/jobs"),
        new(["GET"], "/api/v1/{org}/{project}/encryption-key/jobs/{job}"),
        new(["POST"], "/api/v1/{org}/{project}/encryption-key/disable", Destructive: true),
        new(["POST"], "/api/v1/{org}/{project}/encryption-key/enable", Destructive: true),
        new(["POST"], "/api/v1/{org}/{project}/encryption-key/schedule-deletion", _ => new JsonObject { ["days"] = 7 }, Destructive: true),
        new(["POST"], "/api/v1/{org}/{project}/encryption-key/cancel-deletion", Destructive: true),
        new(["POST"], "/api/v1/{org}/{project}/secrets/rotate-client-keys", _ => RotateClientKeys()),
        new(["POST"], "/api/v1/{org}/{project}/secrets/re-encrypt-history/pending", _ => new JsonObject { ["limit"] = 10 }, ReadOnlyPost: true),
        new(["POST"], "/api/v1/{org}/{project}/secrets/re-encrypt-history", w => new JsonObject { ["versions"] = new JsonArray(new JsonObject { ["id"] = w.VersionId, ["content"] = "AAAA" }), ["key_proof"] = "x", ["key_version"] = 1 }),

        // The deprecated long format, rewritten before routing.
        new(["GET"], "/api/v1/organizations/{org}/projects/{project}/targets/{target}/environments/{environment}/secrets"),
        new(["GET"], "/api/v1/organizations/{org}/projects/{project}/targets"),
        new(["GET", "POST"], "/api/v1/organizations/{org}/projects/{project}/targets/{target}/environments", _ => new JsonObject { ["name"] = "fresh" }),

        // OAuth: the token endpoint answers OAuth JSON errors; the browser endpoints may answer HTML pages.
        new(["POST"], "/api/oauth/token", _ => new JsonObject { ["grant_type"] = "authorization_code", ["code"] = "abc", ["client_id"] = "envelope-cli", ["code_verifier"] = new string('v', 43), ["redirect_uri"] = "http://127.0.0.1:53682/callback" }, BodyKind.Form),
        new(["POST"], "/api/oauth/token", _ => new JsonObject { ["grant_type"] = "refresh_token", ["refresh_token"] = "abc", ["client_id"] = "envelope-cli" }),
        new(["GET"], "/api/oauth/authorize"),
        new(["GET", "POST"], "/api/oauth/login", _ => new JsonObject { ["email"] = "fuzz@example.com", ["password"] = "correct horse battery staple", ["return_url"] = "/api/oauth/authorize" }, BodyKind.Form),
        new(["POST"], "/api/oauth/consent", _ => new JsonObject { ["organization"] = "x", ["decision"] = "allow", ["return_url"] = "/api/oauth/authorize", ["__RequestVerificationToken"] = "forged" }, BodyKind.Form),

        // Unknown and infrastructure paths.
        new(["GET"], "/nothing"),
        new(["GET"], "/"),
        new(["GET"], "/api/v2/me"),
        new(["GET"], "/api/v1"),
        new(["GET"], "/api/v1/{org}/projects/{project}/extra/segments/here"),
        new(["GET", "POST"], "/api/v1/{org}/secrets/versions/{version}/unknown"),
        new(["GET"], "/healthz"),
        new(["GET"], "/readyz"),
        new(["GET"], "/openapi/v1.json"),
    ];

    /// <summary>The endpoints whose read must not write: GETs of every readable path, and the three read-only POSTs.</summary>
    public static FuzzEndpoint[] ReadableEndpoints { get; } = [.. Endpoints.Where(e => e.ReadOnlyPost || (e.Methods.Contains("GET") && !e.Destructive))];

    private static readonly string[] OddMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "FOO", "get", "Post"];

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

    /// <summary>Path segments that mean something to a URL parser; used as they are, not escaped again.</summary>
    private static readonly string[] RawSegments = ["..", ".", "%2F", "%2f", "%2e%2e", "..%2F..", "%FF", "%C0%AF", "%01", "a%2Fb", "%25", "%20", "app%2F..%2Fweb", "%E2%80%AE", "%", "%zz", ";", "app;x=1", "~", "app.json"];

    private static readonly string[] VersionIds =
    [
        "0", "-1", "1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "1000000000", "1e9", "abc", "", "1.5", "0x10", "٣", "+1", "%20", "01", "1_000", "99999999999999999999999999999",
    ];

    private static readonly string[] NumberTexts =
    [
        "0", "-0", "-1", "1", "0.5", "7", "30", "31", "6", "500", "501", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "1e9", "1e400", "-1e400", "1e-400", "1.0", "99999999999999999999999999999999999",
    ];

    private static Gen<string> Pick(params string[] values) => Gen.OneOf(values);

    // %00 is left out of paths: the in-process TestServer client throws on it before the request leaves the test
    // (PathString.FromUriComponent), and Kestrel rejects it with a 400 before the application sees it.
    private static Gen<string> Escaped(Gen<string> gen) => gen.Select(s => Uri.EscapeDataString(s).Replace("%00", "%01", StringComparison.Ordinal));

    private static readonly Gen<string> AnyText = Gen.String[0, 80];

    private static readonly Gen<string> Huge = Gen.Int[90_000, 110_000].SelectMany(n => Gen.OneOf('A', 'é', '名').Select(c => new string(c, n)));

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

    private static Gen<string> FillPath(FuzzEndpoint endpoint, FuzzWorld world, int realWeight)
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

    private static readonly Gen<string> Query = Gen.Frequency(
        (6, Gen.Const(string.Empty)),
        (3, Gen.Select(Pick(QueryNames), QueryValue, (n, v) => $"{n}={v}").Array[1, 4].Select(parts => "?" + string.Join('&', parts))),
        (1, Pick("?", "?&&", "?page", "?page=1&page=2", "?per_page=100&per_page=-1", "?%FF=%FF", "?a=" + new string('b', 8000))));

    private static readonly Gen<string> AuthorizeQuery = Gen.Select(
        Gen.Frequency((3, Gen.Const("envelope-cli")), (1, Escaped(Pick(BoundaryStrings)))),
        Gen.Frequency((3, Gen.Const("code")), (1, Pick("token", "", "code%20token", "id_token"))),
        Gen.Frequency((3, Gen.Const("http%3A%2F%2F127.0.0.1%3A53682%2Fcallback")), (1, Pick("https%3A%2F%2Fevil.example", "", "%FF", "javascript%3Aalert(1)", "http%3A%2F%2Flocalhost"))),
        Gen.Frequency((3, Gen.Const(new string('c', 43))), (1, Pick("", "short", new string('c', 129), "%FF"))),
        Gen.Frequency((3, Gen.Const("S256")), (1, Pick("plain", "", "s256", "MD5"))),
        Pick("offline_access", "", "openid", "offline_access%20admin"),
        (client, type, redirect, challenge, method, scope) =>
            $"?client_id={client}&response_type={type}&redirect_uri={redirect}&code_challenge={challenge}&code_challenge_method={method}&scope={scope}&state=st4te");

    // ---- JSON ----

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (2, Pick(BoundaryStrings).Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Pick(NumberTexts).Select(t => JsonNode.Parse(t))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const((JsonNode?)null)),
        (1, AnyText.Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i))));

    private static Gen<JsonNode?> JsonValueGen(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, JsonValueGen(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]))),
            (1, Gen.Select(Gen.OneOf(Pick(BoundaryStrings), AnyText), JsonValueGen(depth - 1)).Array[0, 4].Select(members =>
            {
                var node = new JsonObject();
                foreach (var (key, value) in members)
                {
                    node[key] = value?.DeepClone();
                }

                return (JsonNode?)node;
            })));

    /// <summary>Any JSON value, up to three levels deep.</summary>
    public static readonly Gen<JsonNode?> AnyJson = JsonValueGen(3);

    /// <summary>A value that breaks a member: a wrong type, null, an array, a nested object, a huge string, an out-of-range number.</summary>
    private static readonly Gen<JsonNode?> MutantValue = Gen.Frequency(
        (5, AnyJson),
        (1, Huge.Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.Const((JsonNode?)null)),
        (1, Pick("app", "web", "prod", "doomed", "read", "decrypt", "key:retrieve", "both", "client", "server", "keep", "re-encrypt", "project", "level", "install", "windows", "owner", "*").Select(s => (JsonNode?)JsonValue.Create(s))));

    private sealed record Mutation(int Kind, int KeyIndex, string NewKey, JsonNode? Value);

    private static readonly Gen<Mutation> MutationGen = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 20], Gen.OneOf(Pick("unknown_field", "confirmd", "id", "organization_id", "is_owner", "Project", "PROJECT"), Pick(BoundaryStrings)), MutantValue,
        (kind, index, key, value) => new Mutation(kind, index, key, value));

    private static JsonObject Mutate(JsonObject template, Mutation[] mutations)
    {
        foreach (var m in mutations)
        {
            var keys = template.Select(p => p.Key).ToList();
            switch (m.Kind)
            {
                case 0 or 1 when keys.Count > 0:
                    template[keys[m.KeyIndex % keys.Count]] = m.Value?.DeepClone();
                    break;
                case 2 when keys.Count > 0:
                    template.Remove(keys[m.KeyIndex % keys.Count]);
                    break;
                default:
                    template[m.NewKey] = m.Value?.DeepClone();
                    break;
            }
        }

        return template;
    }

    private static readonly string[] JsonContentTypes = ["application/json", "application/json; charset=utf-8"];

    private static readonly string[] OddContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/merge-patch+json", "application/problem+json",
        "application/json; charset=utf-16", "application/json; charset=bogus", "application/json; charset=", "application/JSON", "application/json;;", "application/xml",
        "text/json", "*/*", "???", "", "application/json, text/plain", "application/vnd.api+json", "application/octet-stream",
    ];

    private static Gen<string[]> ContentTypes(string usual) => Gen.Frequency(
        (14, Gen.Const(new[] { usual })),
        (3, Pick(OddContentTypes).Select(c => new[] { c })),
        (1, Pick(JsonContentTypes).Select(c => new[] { c })),
        (1, Gen.Const(Array.Empty<string>())),
        (1, Gen.Select(Pick(JsonContentTypes), Pick(OddContentTypes), (a, b) => new[] { a, b })));

    private static string Form(JsonObject node) =>
        string.Join('&', node.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value switch
        {
            null => string.Empty,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            var other => other.ToJsonString(),
        })));

    private static byte[] SpliceInvalidUtf8(byte[] bytes, int at, int which)
    {
        byte[][] invalid = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFE, 0xFF]];
        var bad = invalid[which % invalid.Length];
        var position = bytes.Length == 0 ? 0 : at % (bytes.Length + 1);
        return [.. bytes.AsSpan(0, position), .. bad, .. bytes.AsSpan(position)];
    }

    /// <summary>The body bytes and content types of a request to <paramref name="endpoint"/>.</summary>
    private static Gen<(byte[]? Body, string[] ContentTypes)> BodyGen(FuzzEndpoint endpoint, FuzzWorld world, string method)
    {
        var usual = endpoint.Kind == BodyKind.Form ? "application/x-www-form-urlencoded" : "application/json";
        JsonObject Template() => endpoint.Body?.Invoke(world) ?? new JsonObject();
        byte[] Encode(JsonObject node, bool asForm) => Encoding.UTF8.GetBytes(asForm ? Form(node) : node.ToJsonString());
        var asForm = endpoint.Kind == BodyKind.Form;

        var mutated = MutationGen.Array[1, 3].Select(ms => Encode(Mutate(Template(), ms), asForm));
        var shapes = Gen.Frequency(
            (5, mutated),
            (2, Gen.Const(() => Encode(Template(), asForm))),
            (1, Gen.Const(() => Encode(Template(), !asForm))),
            (2, AnyJson.Select(j => Encoding.UTF8.GetBytes(j?.ToJsonString() ?? "null"))),
            (1, Gen.Int[0, 10_000].Select(cut =>
            {
                var text = Template().ToJsonString();
                return Encoding.UTF8.GetBytes(text[..(cut % Math.Max(1, text.Length))]);
            })),
            (2, Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 6], (at, which) => SpliceInvalidUtf8(Encode(Template(), asForm), at, which))),
            (1, Gen.Select(Gen.Int[0, 6], Huge, (which, huge) => SpliceInvalidUtf8(Encoding.UTF8.GetBytes($"{{\"name\":\"{huge[..100]}"), 1_000_000, which).Concat("\"}"u8.ToArray()).ToArray())),
            (1, Gen.Const(Array.Empty<byte>())),
            (1, Gen.Select(Pick([.. Template().Select(p => p.Key).DefaultIfEmpty("name")]), AnyJson, (key, value) =>
            {
                // Duplicate keys: the same member twice, the second with another value.
                var text = Template().ToJsonString();
                var extra = $"\"{key}\":{value?.ToJsonString() ?? "null"}";
                return Encoding.UTF8.GetBytes(text.Length > 2 ? "{" + extra + "," + text[1..] : "{" + extra + "," + extra + "}");
            })),
            (1, Gen.Int[60, 2000].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)))),
            (1, Gen.Int[60, 200].Select(depth => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)))),
            (1, Gen.Byte.Array[0, 200]),
            (1, Pick("null", "[]", "{}", "\"\"", "0", "true", "{\"\":null}", "{nope", "{\"name\": 5}", "{,}", "\uFEFF{}", "{} {}", "{\"a\":1}garbage", "/* c */ {}", "{'a':1}", "{\"a\":1,}").Select(s => Encoding.UTF8.GetBytes(s))),
            (1, Gen.Const(() => Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 1024 * 1024 + 10) + "\"}"))));

        var hasBody = endpoint.Body is not null || method is "POST" or "PUT" or "PATCH";
        var withBody = Gen.Select(shapes, ContentTypes(usual), (body, types) => ((byte[]?)body, types));
        var noBody = Gen.Const(((byte[]?)null, Array.Empty<string>()));
        return hasBody && method is not ("HEAD" or "TRACE") ? Gen.Frequency((9, withBody), (1, noBody))
            : method is "HEAD" or "TRACE" ? noBody
            : Gen.Frequency((8, noBody), (2, withBody));
    }

    // ---- Headers ----

    private static Gen<KeyValuePair<string, string>[]> AuthorizationGen(FuzzWorld world)
    {
        static KeyValuePair<string, string>[] One(string value) => [new("Authorization", value)];
        var garbage = Pick(
            "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", $"bearer {world.OwnerToken}", $"Bearer   {world.OwnerToken}   ", "Bearer envl_", "Bearer envl_" + new string('a', 40),
            $"Bearer {world.OwnerToken}x", $"Bearer {world.OwnerToken[..^1]}", $"Token {world.OwnerToken}", "Bearer " + new string('a', 10_000), "Bearer é", world.OwnerToken,
            $"Bearer {world.OwnerToken}, Bearer {world.NarrowToken}", "", "Bearer null", "Bearer \u0001", $"Bearer {world.OwnerToken.ToUpperInvariant()}");
        return Gen.Frequency(
            (30, Gen.Const(One($"Bearer {world.OwnerToken}"))),
            (10, Gen.Const(One($"Bearer {world.NarrowToken}"))),
            (5, Gen.Const(One($"Bearer {world.ExpiredToken}"))),
            (5, Gen.Const(One($"Bearer {world.RevokedToken}"))),
            (15, Gen.Const(Array.Empty<KeyValuePair<string, string>>())),
            (15, garbage.Select(One)),
            (5, Gen.Const<KeyValuePair<string, string>[]>([new("Authorization", $"Bearer {world.OwnerToken}"), new("Authorization", $"Bearer {world.OwnerToken}")])),
            (5, Gen.Const<KeyValuePair<string, string>[]>([new("Authorization", $"Bearer {world.NarrowToken}"), new("Authorization", $"Bearer {world.OwnerToken}")])));
    }

    private static readonly Gen<KeyValuePair<string, string>[]> OtherHeaders = Gen.Frequency(
        (5, Gen.Const(Array.Empty<KeyValuePair<string, string>>())),
        (4, Pick("application/json", "*/*", "text/html", "application/xml", "application/problem+json", "garbage;;q=x", "text/plain, application/json;q=0.1", "", "application/json;q=0")
            .Select(a => new KeyValuePair<string, string>[] { new("Accept", a) })),
        (1, Gen.Const<KeyValuePair<string, string>[]>([new("Accept", "text/html"), new("Accept", "application/json")])),
        (1, Pick("X-Forwarded-Proto:https", "X-Forwarded-For:127.0.0.1", "X-HTTP-Method-Override:DELETE", "Accept-Charset:utf-16", "Accept-Encoding:gzip, br", "If-None-Match:*", "Origin:https://evil.example", "Cookie:.AspNetCore.Antiforgery=x; envelope.login=y", "Range:bytes=0-1")
            .Select(h => new KeyValuePair<string, string>[] { new(h.Split(':', 2)[0], h.Split(':', 2)[1]) })));

    /// <summary>Requests over <paramref name="endpoints"/>; in read-only mode only GET/HEAD, and POST for the read-only POSTs.</summary>
    public static Gen<FuzzRequest> Requests(FuzzWorld world, IReadOnlyList<FuzzEndpoint> endpoints, bool readOnly)
    {
        var auth = AuthorizationGen(world);
        return Gen.Int[0, endpoints.Count - 1].SelectMany(index =>
        {
            var endpoint = endpoints[index];
            var method = readOnly
                ? (endpoint.ReadOnlyPost ? Gen.Frequency((9, Gen.Const("POST")), (1, Gen.Const("HEAD"))) : Gen.Frequency((4, Gen.Const("GET")), (1, Gen.Const("HEAD"))))
                : Gen.Frequency((3, Pick(endpoint.Methods)), (1, Pick(OddMethods)));
            var realWeight = readOnly ? 7 : 8;
            return method.SelectMany(m => Gen.Select(
                FillPath(endpoint, world, realWeight),
                endpoint.Template == "/api/oauth/authorize" ? Gen.Frequency((3, AuthorizeQuery), (1, Query)) : Query,
                auth,
                OtherHeaders,
                BodyGen(endpoint, world, m),
                (path, query, authorization, headers, body) => new FuzzRequest(m, path + query, [.. authorization, .. headers], body.Body, body.ContentTypes)));
        });
    }
}
