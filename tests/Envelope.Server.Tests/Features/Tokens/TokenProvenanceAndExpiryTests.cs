using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Tokens;

public sealed class TokenProvenanceAndExpiryTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task CreateToken_WithoutExpiry_ExpiresAfterTheOrganizationDefault()
    {
        var org = await app.CreateOrganizationAsync();

        // The shape of the specification's example: no expiry named.
        var data = await CreateAsync(org.Owner, org.Id, new { name = "ci", abilities = new[] { "project:read" } });

        var expires = data["expires_at"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expires - app.Time.GetUtcNow(), TimeSpan.FromDays(90) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(90) + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task CreateToken_NeverExpires_MustBeAskedFor()
    {
        var org = await app.CreateOrganizationAsync();

        var data = await CreateAsync(org.Owner, org.Id, new { name = "ci", abilities = new[] { "project:read" }, never_expires = true });

        Assert.Null(data["expires_at"]);
        var both = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/tokens",
            new { name = "ci", abilities = new[] { "project:read" }, never_expires = true, expires_at = app.Time.GetUtcNow().AddDays(1) });
        await JsonApi.AssertErrorAsync(both, HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task OrganizationSetting_ChangesTheDefaultExpiry_WithinItsRange()
    {
        var org = await app.CreateOrganizationAsync();

        var patched = await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}", new { default_token_expiry_days = 7 });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var read = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}")))["data"]!;
        Assert.Equal(7, read["settings"]!["default_token_expiry_days"]!.GetValue<int>());

        var data = await CreateAsync(org.Owner, org.Id, new { name = "ci", abilities = new[] { "project:read" } });
        Assert.InRange(data["expires_at"]!.GetValue<DateTimeOffset>() - app.Time.GetUtcNow(), TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        foreach (var days in new[] { 0, -1, 3651 })
        {
            await JsonApi.AssertErrorAsync(await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}", new { default_token_expiry_days = days }),
                HttpStatusCode.UnprocessableEntity, "validation_failed");
        }
    }

    [Fact]
    public async Task Tokens_RecordWhichTokenCreatedThem()
    {
        var org = await app.CreateOrganizationAsync();
        var ownerId = (await JsonApi.ReadAsync(await org.Owner.GetAsync("/api/v1/me")))["data"]!["id"]!.GetValue<string>();

        var child = await CreateAsync(org.Owner, org.Id, new { name = "child", abilities = new[] { "token:manage", "project:read" } });
        var childClient = app.ClientWithToken(KnownSecrets.Register(child["token"]!.GetValue<string>()));
        var grandchild = await CreateAsync(childClient, org.Id, new { name = "grandchild", abilities = new[] { "project:read" } });

        Assert.Equal("token", child["created_by"]!["type"]!.GetValue<string>());
        Assert.Equal(ownerId, child["created_by"]!["id"]!.GetValue<string>());
        Assert.Equal(child["id"]!.GetValue<string>(), grandchild["created_by"]!["id"]!.GetValue<string>());

        var listed = await ListAsync(org);
        Assert.Equal(ownerId, listed[child["id"]!.GetValue<string>()]["created_by"]!["id"]!.GetValue<string>());
        // Provisioned at the organization's creation: nobody to name.
        Assert.Null(listed[ownerId]["created_by"]);
    }

    [Fact]
    public async Task List_ShowsWhenATokenWasLastUsed()
    {
        var org = await app.CreateOrganizationAsync();
        var created = await CreateAsync(org.Owner, org.Id, new { name = "ci", abilities = new[] { "project:read" } });
        var id = created["id"]!.GetValue<string>();

        Assert.Null((await ListAsync(org))[id]["last_used_at"]);

        var client = app.ClientWithToken(KnownSecrets.Register(created["token"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);

        Assert.NotNull((await ListAsync(org))[id]["last_used_at"]);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> CreateAsync(HttpClient client, string org, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/{org}/tokens", body);
        var json = await JsonApi.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToJsonString());
        return json["data"]!;
    }

    private static async Task<Dictionary<string, System.Text.Json.Nodes.JsonNode>> ListAsync(TestOrganization org) =>
        (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/tokens")))["data"]!.AsArray()
            .ToDictionary(t => t!["id"]!.GetValue<string>(), t => t!);
}
