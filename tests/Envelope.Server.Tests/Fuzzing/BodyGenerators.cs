using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using static Envelope.Server.Tests.Fuzzing.FuzzValues;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>Request bodies: mutated templates, arbitrary and broken JSON, invalid UTF-8, and odd content types.</summary>
internal static class BodyGenerators
{
    private static readonly Gen<string> Huge = Gen.Int[90_000, 110_000].SelectMany(n => Gen.OneOf('A', 'é', '名').Select(c => new string(c, n)));

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
    internal static Gen<(byte[]? Body, string[] ContentTypes)> BodyGen(FuzzEndpoint endpoint, FuzzWorld world, string method)
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
}
