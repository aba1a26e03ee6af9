using System.Net;
using System.Text;

namespace Envelope.Server.Tests.Infrastructure;

public sealed class ErrorContractTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Theory]
    [InlineData("{nope", null)]
    [InlineData("{\"name\": 5}", "name")]
    [InlineData("{\"name\": \"x\", \"key_check_iterations\": \"many\"}", "key_check_iterations")]
    [InlineData("{\"name\": \"x\", \"key_management\": \"magic\"}", "key_management")]
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
