using System.Text.Json.Nodes;
using CsCheck;
using static Envelope.Server.Tests.Fuzzing.BodyGenerators;
using static Envelope.Server.Tests.Fuzzing.FuzzValues;
using static Envelope.Server.Tests.Fuzzing.HeaderGenerators;
using static Envelope.Server.Tests.Fuzzing.PathGenerators;

namespace Envelope.Server.Tests.Fuzzing;

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
