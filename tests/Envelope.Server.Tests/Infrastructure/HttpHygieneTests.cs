namespace Envelope.Server.Tests.Infrastructure;

public sealed class HttpHygieneTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    /// <summary>Answers that carry a value, a key, a proof or a token, and a few around them.</summary>
    public static TheoryData<string, string, string?> CarryingSecrets => new()
    {
        { "GET", "/api/v1/me", null },
        { "GET", "/api/v1/{org}", null },
        { "GET", "/api/v1/{org}/app/web/prod/secrets?decrypt=true", null },
        { "POST", "/api/v1/{org}/secrets/retrieve", """{"project":"app","target":"web","environment":"prod","action":"decrypt"}""" },
        { "POST", "/api/v1/{org}/secrets/retrieve", """{"project":"app","action":"key:retrieve"}""" },
        { "POST", "/api/v1/{org}/secrets/versions", """{"project":"app","target":"web","environment":"prod"}""" },
        { "GET", "/api/v1/{org}/secrets/versions/{version}", null },
        { "GET", "/api/v1/{org}/app/encryption-key", null },
        { "GET", "/api/v1/{org}/app/encryption-key/history", null },
        { "GET", "/api/v1/{org}/tokens", null },
        { "POST", "/api/v1/{org}/tokens", """{"name":"t","abilities":["project:read"]}""" },
        { "GET", "/api/v1/{org}/nothing-here", null },
    };

    [Theory]
    [MemberData(nameof(CarryingSecrets))]
    public async Task ApiAnswers_AreNeverStoredByCaches(string method, string path, string? body)
    {
        var org = await app.CreateOrganizationAsync();
        var seed = await EndpointCatalog.SeedAsync(org);
        using var request = new HttpRequestMessage(new HttpMethod(method), EndpointCase.Fill(path, seed));
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await org.Owner.SendAsync(request);

        Assert.True(response.Headers.CacheControl?.NoStore, $"{method} {path} answered {(int)response.StatusCode} without Cache-Control: no-store");
    }

    [Fact]
    public async Task OAuthTokenEndpoint_IsNeverStoredByCaches()
    {
        var response = await app.CreateClient().PostAsync("/api/oauth/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "nope", ["client_id"] = "envelope-cli" }));

        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
