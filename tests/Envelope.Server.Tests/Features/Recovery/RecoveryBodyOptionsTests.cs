using System.Net;
using System.Text;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Recovery;

/// <summary>
/// The switches of a destructive delete (permanent, confirm) are read from a JSON body as well as from the query
/// string, as the secrets delete reads its no_backup and confirmed: a client may send either.
/// </summary>
public sealed class RecoveryBodyOptionsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Theory]
    [InlineData("my-app/targets/backend", "backend")]
    [InlineData("my-app/backend/environments/production", "production")]
    [InlineData("projects/my-app", "my-app")]
    public async Task PermanentDelete_WithTheSwitchesInTheBody_ErasesAtOnce(string path, string slug)
    {
        var org = await SetUpAsync();

        var response = await DeleteAsync(org, $"/api/v1/{org.Id}/{path}", $$"""{"permanent": true, "confirm": "{{slug}}"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted")))["data"]!.AsArray());
    }

    [Fact]
    public async Task PermanentDelete_WithPermanentInTheQueryAndConfirmInTheBody_ErasesAtOnce()
    {
        var org = await SetUpAsync();

        var response = await DeleteAsync(org, $"/api/v1/{org.Id}/my-app/targets/backend?permanent=true", """{"confirm": "backend"}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("?permanent=true", """{"confirm": "wrong"}""", "confirm")]
    [InlineData("?permanent=true&confirm=backend", """{"confirm": "frontend"}""", "confirm")]
    [InlineData("?permanent=false", """{"permanent": true, "confirm": "backend"}""", "permanent")]
    [InlineData("", """{"permanent": "yes"}""", "permanent")]
    [InlineData("", """{"permanent": true, "confirmed": true}""", "confirmed")]
    public async Task Delete_WithABadOrDisagreeingBody_Returns422AndKeepsTheTarget(string query, string body, string field)
    {
        var org = await SetUpAsync();

        var response = await DeleteAsync(org, $"/api/v1/{org.Id}/my-app/targets/backend{query}", body);

        var error = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(error["details"]![field]);
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/targets/backend")).StatusCode);
    }

    [Fact]
    public async Task Delete_WithMalformedJson_Returns400()
    {
        var org = await SetUpAsync();

        var response = await DeleteAsync(org, $"/api/v1/{org.Id}/my-app/targets/backend", "{nope");

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task Delete_WithAnEncodedSurrogateInAName_Returns400AndKeepsTheTarget()
    {
        // The fuzzer's find: ED A0 80 (a UTF-16 surrogate in UTF-8) passes the JSON reader and fails only on decoding.
        var org = await SetUpAsync();
        var body = new ByteArrayContent([.. "{\"na"u8, 0xED, 0xA0, 0x80, .. "me\":\"renamed\"}"u8]);
        body.Headers.ContentType = new("application/json");

        var response = await org.Owner.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/{org.Id}/my-app/targets/backend") { Content = body });

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, "malformed_json");
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/targets/backend")).StatusCode);
    }

    [Fact]
    public async Task PurgeFromTheWindow_WithConfirmInTheBody_Purges()
    {
        var org = await SetUpAsync();
        var deleted = await JsonApi.ReadAsync(await org.Owner.DeleteAsync($"/api/v1/{org.Id}/my-app/targets/backend"));
        var id = deleted["data"]!["id"]!.GetValue<string>();

        var wrong = await DeleteAsync(org, $"/api/v1/{org.Id}/deleted/{id}", """{"confirm": "wrong"}""");
        var purged = await DeleteAsync(org, $"/api/v1/{org.Id}/deleted/{id}", """{"confirm": "backend"}""");

        await JsonApi.AssertErrorAsync(wrong, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        await JsonApi.AssertErrorAsync(await org.Owner.PostAsync($"/api/v1/{org.Id}/deleted/{id}/restore", null), HttpStatusCode.NotFound, "not_found");
    }

    private async Task<TestOrganization> SetUpAsync()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", "backend", "production", "C=environment\n");
        return org;
    }

    private static Task<HttpResponseMessage> DeleteAsync(TestOrganization org, string path, string body) =>
        org.Owner.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
}
