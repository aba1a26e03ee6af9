using System.Net;
using System.Text;

namespace Envelope.Server.Tests.Infrastructure;

public sealed class ErrorContractTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Theory]
    [InlineData("{nope", null)]
    [InlineData("{\"name\": 5}", "name")]
    [InlineData("{\"name\": \"x\", \"key_check_iterations\": \"many\"}", "key_check_iterations")]
    [InlineData("{\"name\": \"x\", \"unknown_field\": true}", "unknown_field")]
    [InlineData("[1,2,3]", null)]
    [InlineData("\"just a string\"", null)]
    public async Task CreateProject_WithMalformedBody_Returns400NamingTheField(string json, string? field)
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", new StringContent(json, Encoding.UTF8, "application/json"));

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, "malformed_json");
        if (field is not null)
        {
            Assert.NotNull(body["details"]![field]);
        }
    }

    [Theory]
    [InlineData("POST", "/api/v1/{org}/projects", "{\"name\": \"x\", \"key_management\": \"magic\"}", "key_management")]
    [InlineData("POST", "/api/v1/{org}/projects", "{\"name\": \"x\", \"history_policy\": 3}", "history_policy")]
    [InlineData("PATCH", "/api/v1/{org}/projects/my-app", "{\"history_policy\": \"forever-ish\"}", "history_policy")]
    [InlineData("POST", "/api/v1/{org}/secrets/retrieve", "{\"project\": \"my-app\", \"action\": \"write\"}", "action")]
    [InlineData("POST", "/api/v1/{org}/secrets/retrieve", "{\"project\": \"my-app\", \"merge\": \"maybe\"}", "merge")]
    public async Task AnyEndpoint_WithABadEnumValueInTheBody_Returns422NamingTheField(string method, string path, string json, string field)
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var response = await org.Owner.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{org}", org.Id, StringComparison.Ordinal))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.StartsWith("Must be", body["details"]![field]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadSecrets_BadMergeInTheQueryOrTheBody_AnswerTheSame()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var query = await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets?merge=maybe"), HttpStatusCode.UnprocessableEntity, "validation_failed");
        var body = await JsonApi.AssertErrorAsync(await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/retrieve",
            new StringContent("{\"project\": \"my-app\", \"merge\": \"maybe\"}", Encoding.UTF8, "application/json")), HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal(query["details"]!.ToJsonString(), body["details"]!.ToJsonString());
    }

    [Fact]
    public async Task EveryKindOfError_HasOnlyTheContractsMembers()
    {
        var org = await app.CreateOrganizationAsync();
        var reader = await org.ClientWithAbilitiesAsync("project:read");
        static StringContent Body(string json, string type = "application/json") => new(json, Encoding.UTF8, type);
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["404 unknown route"] = await org.Owner.GetAsync("/nothing"),
            ["405 wrong method"] = await org.Owner.PutAsync("/api/v1/me", null),
            ["415 form body"] = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", Body("name=x", "application/x-www-form-urlencoded")),
            ["400 malformed JSON"] = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", Body("{nope")),
            ["400 unbindable query value"] = await org.Owner.DeleteAsync($"/api/v1/{org.Id}/projects/my-app?permanent=maybe"),
            ["422 validation filter"] = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", Body("{}")),
            ["422 enum in body"] = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", Body("{\"name\": \"x\", \"key_management\": \"magic\"}")),
            ["401 no token"] = await app.CreateClient().GetAsync("/api/v1/me"),
            ["401 unknown token"] = await app.ClientWithToken("envl_" + new string('x', 40)).GetAsync($"/api/v1/{org.Id}/projects"),
            ["403 missing ability"] = await reader.PostAsync($"/api/v1/{org.Id}/projects", Body("{\"name\": \"x\"}")),
        };

        await using var limited = new EnvelopeApplication();
        limited.Settings["ENVELOPE_RATE_LIMITS_ENABLED"] = "true";
        limited.Settings["ENVELOPE_JOBS_ENABLED"] = "false";
        await limited.InitializeAsync();
        var anonymous = limited.CreateClient();
        HttpResponseMessage last;
        do
        {
            last = await anonymous.GetAsync("/api/v1/plans");
        }
        while (last.StatusCode == HttpStatusCode.OK);
        responses["429 rate limited"] = last;

        foreach (var (what, response) in responses)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == int.Parse(what[..3], System.Globalization.CultureInfo.InvariantCulture), $"{what}: {(int)response.StatusCode} {text}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{what}: {response.Content.Headers.ContentType} {text}");
            var members = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject().Select(p => p.Key).ToList();
            Assert.True(members.Contains("error") && members.Contains("message") && members.All(m => m is "error" or "message" or "details"), $"{what}: {text}");
        }
    }

    [Fact]
    public async Task CreateProject_WithEmptyBody_Returns4xxJson()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", new StringContent(string.Empty, Encoding.UTF8, "application/json"));

        Assert.InRange((int)response.StatusCode, 400, 499);
        await JsonApi.ReadAsync(response);
    }

    [Fact]
    public async Task CreateProject_WithNonJsonContentType_Returns415()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task AnyRequest_WithBodyOverTheLimit_Returns413()
    {
        var org = await app.CreateOrganizationAsync();
        var huge = "{\"name\":\"" + new string('x', 1024 * 1024) + "\"}";

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", new StringContent(huge, Encoding.UTF8, "application/json"));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Theory]
    [InlineData("/nothing")]
    [InlineData("/api/v1/{org}/projects/app/extra/segments/here")]
    [InlineData("/api/v2/me")]
    public async Task UnknownRoute_Returns404Json(string path)
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.GetAsync(path.Replace("{org}", org.Id, StringComparison.Ordinal));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WrongMethod_Returns405Json()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PutAsync("/api/v1/me", null);

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task PlainHttp_FromARemoteAddress_Returns403HttpsRequired()
    {
        var org = await app.CreateOrganizationAsync();

        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/api/v1/me";
            c.Request.Headers.Authorization = $"Bearer {org.OwnerToken}";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        });

        Assert.Equal(403, context.Response.StatusCode);
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains("\"error\":\"https_required\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_FromLoopback_IsServed()
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/api/v1/plans";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });

        Assert.Equal(200, context.Response.StatusCode);
    }

    [Fact]
    public async Task ForwardedProto_FromAnUntrustedAddress_IsIgnored()
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/api/v1/plans";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "127.0.0.1";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        });

        Assert.Equal(403, context.Response.StatusCode);
    }

    [Fact]
    public async Task HealthEndpoints_AnswerWithoutToken()
    {
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_NamesEachEndpointsAbilityAndErrorCodes()
    {
        var document = await JsonApi.ReadAsync(await app.CreateClient().GetAsync("/openapi/v1.json"));

        var createProject = document["paths"]!["/api/v1/{org}/projects"]!["post"]!;
        Assert.Equal("project:create", createProject["x-envelope-ability"]!.GetValue<string>());
        Assert.Contains("insufficient_permissions", createProject["x-envelope-error-codes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Contains("project:create", createProject["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_OfAWholeSession_ContainNoToken()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var token = await org.CreateTokenAsync(["project:read"]);
        var client = app.ClientWithToken(token);
        await client.GetAsync($"/api/v1/{org.Id}/projects");
        await app.ClientWithToken(token + "x").GetAsync("/api/v1/me");
        await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", new StringContent("{bad", Encoding.UTF8, "application/json"));

        Assert.NotEmpty(app.Logs.Lines);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(org.OwnerToken, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("envl_", StringComparison.Ordinal));
    }
}
