using System.Net;
using System.Text;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>
/// The minimal failing requests the fuzzer shrank to, kept as regression tests of the bugs it found (all fixed: an
/// unknown charset, an unreadable token form, bad strings in a JSON token request, a text/plain authorize error).
/// </summary>
public sealed class FuzzRegressionTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task SignUp_WithUnknownCharset_Returns415()
    {
        // Shrunk by CsCheck from seed 9AlrZo1yCJN4.
        using var content = new ByteArrayContent("{\"email\":\"fuzz@example.com\"}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");

        var response = await app.CreateClient().PostAsync(new Uri("/api/v1/users", UriKind.Relative), content);

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task CreateProject_WithEmptyCharset_Returns415()
    {
        // Shrunk by CsCheck from seed 9pBoXfCNmu39.
        var org = await app.CreateOrganizationAsync();
        using var content = new ByteArrayContent("\"\""u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=");

        var response = await org.Owner.PostAsync(new Uri($"/api/v1/{org.Id}/projects", UriKind.Relative), content);

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Token_WithNulInAJsonString_Returns400()
    {
        // Shrunk from seed 1-OXbKPub4X6.
        using var content = new StringContent("{\"client_id\":\"\\u0000\"}", Encoding.UTF8, "application/json");

        var response = await app.CreateClient().PostAsync(new Uri("/api/oauth/token", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Token_WithFormKeyOverTheLimit_Returns400()
    {
        // Shrunk by CsCheck from seeds 336gSfVcPOya / 9R5eDqFbcV18 (a form body of 2,284 '[').
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(new string('[', 2049)));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");

        var response = await app.CreateClient().PostAsync(new Uri("/api/oauth/token", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Token_WithLoneSurrogateInAJsonString_Returns400()
    {
        using var content = new StringContent("{\"grant_type\":\"\\ud800\"}", Encoding.UTF8, "application/json");

        var response = await app.CreateClient().PostAsync(new Uri("/api/oauth/token", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Token_WithInvalidUtf8InAJsonString_Returns400()
    {
        using var content = new ByteArrayContent([.. "{\"grant_type\":\"a"u8, 0xE2, 0x82, .. "\"}"u8]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var response = await app.CreateClient().PostAsync(new Uri("/api/oauth/token", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Authorize_WithUnknownClient_AnswersJsonOrHtml()
    {
        // Shrunk by CsCheck from seed aalNvJowr2j3.
        var response = await app.CreateClient().GetAsync(new Uri(
            "/api/oauth/authorize?client_id=unknown&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback"
            + "&code_challenge=" + new string('c', 43) + "&code_challenge_method=S256&scope=offline_access&state=st4te", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "application/json", "text/html" });
    }

    [Fact]
    public async Task Retrieve_WithNulInTheProjectSlug_AnswersAClear4xx()
    {
        // Shrunk from seed 2RgIj7YCOK64: on PostgreSQL the lookup itself failed (text cannot hold U+0000), a 500.
        var org = await app.CreateOrganizationAsync();
        using var content = new StringContent("{\"project\":\"\\u0000\",\"action\":\"read\"}", Encoding.UTF8, "application/json");

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/retrieve", content);

        // PostgreSQL refuses the text (400 bad_request); SQLite looks it up and finds no such project (404).
        var expected = TestDatabase.Engine == "postgres" ? (HttpStatusCode.BadRequest, "bad_request") : (HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(response, expected.Item1, expected.Item2);
    }
}
