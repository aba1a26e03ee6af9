using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Tokens;

public sealed class TokensEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task CreateToken_ReturnsPlaintextOnce_AndStoresOnlyItsSha256()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/tokens", new { name = "ci", abilities = new[] { "project:read" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var data = (await JsonApi.ReadAsync(response))["data"]!;
        var token = data["token"]!.GetValue<string>();
        Assert.Matches("^envl_[A-Za-z0-9]{40}$", token);

        var list = await org.Owner.GetStringAsync($"/api/v1/{org.Id}/tokens");
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.Contains(token[..9], list, StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().ApiTokens.SingleAsync(t => t.Id == data["id"]!.GetValue<string>());
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), stored.TokenHash);
        Assert.DoesNotContain(token, stored.Abilities + stored.Name + stored.DisplayPrefix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatedToken_AuthenticatesWithExactlyItsAbilities()
    {
        var org = await app.CreateOrganizationAsync();
        var client = await org.ClientWithAbilitiesAsync("project:read");

        var me = (await JsonApi.ReadAsync(await client.GetAsync("/api/v1/me")))["data"]!;

        Assert.Equal(["project:read"], me["abilities"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(org.Id, me["organization"]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        await JsonApi.AssertErrorAsync(await client.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = "x" }), HttpStatusCode.Forbidden, "insufficient_permissions");
    }

    [Fact]
    public async Task RevokeToken_MakesItUnauthenticated()
    {
        var org = await app.CreateOrganizationAsync();
        var token = await org.CreateTokenAsync(["project:read"]);
        var client = app.ClientWithToken(token);
        var id = (await JsonApi.ReadAsync(await client.GetAsync("/api/v1/me")))["data"]!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/tokens/{id}")).StatusCode);

        await JsonApi.AssertErrorAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthenticated");
        var list = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/tokens"));
        Assert.Contains(list["data"]!.AsArray(), t => t!["id"]!.GetValue<string>() == id && t["status"]!.GetValue<string>() == "revoked");
    }

    [Fact]
    public async Task Token_AfterItsExpiry_IsUnauthenticated()
    {
        var org = await app.CreateOrganizationAsync();
        var token = await org.CreateTokenAsync(["project:read"], expiresAt: app.Time.GetUtcNow().AddHours(1));
        var client = app.ClientWithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        app.Time.Advance(TimeSpan.FromHours(1));

        await JsonApi.AssertErrorAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task CreateToken_WithExpiryInThePast_Returns422()
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/tokens", new { name = "x", abilities = new[] { "project:read" }, expires_at = app.Time.GetUtcNow().AddMinutes(-1) });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]!["expires_at"]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"project:fly\"]")]
    public async Task CreateToken_WithNoOrUnknownAbilities_Returns422(string abilities)
    {
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/tokens",
            new StringContent($$"""{"name":"x","abilities":{{abilities}}}""", Encoding.UTF8, "application/json"));

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]!["abilities"]);
    }

    [Fact]
    public async Task CreateToken_GrantingAnAbilityTheCallerLacks_Returns403()
    {
        var org = await app.CreateOrganizationAsync();
        var manager = await org.ClientWithAbilitiesAsync("token:manage", "project:read");

        var response = await manager.PostAsJsonAsync($"/api/v1/{org.Id}/tokens", new { name = "x", abilities = new[] { "project:read", "secret:decrypt" } });

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.Forbidden, "insufficient_permissions");
        Assert.Equal("secret:decrypt", body["details"]!["abilities"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task RestrictedManager_CanOnlyCreateTokensWithinItsProjects()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("mine");
        await org.CreateProjectAsync("theirs");
        var manager = app.ClientWithToken(await org.CreateTokenAsync(["token:manage", "project:read"], ["mine"]));

        var unrestricted = await manager.PostAsJsonAsync($"/api/v1/{org.Id}/tokens", new { name = "x", abilities = new[] { "project:read" } });
        var beyond = await manager.PostAsJsonAsync($"/api/v1/{org.Id}/tokens", new { name = "x", abilities = new[] { "project:read" }, projects = new[] { "theirs" } });
        var within = await manager.PostAsJsonAsync($"/api/v1/{org.Id}/tokens", new { name = "x", abilities = new[] { "project:read" }, projects = new[] { "mine" } });

        await JsonApi.AssertErrorAsync(unrestricted, HttpStatusCode.UnprocessableEntity, "validation_failed");
        await JsonApi.AssertErrorAsync(beyond, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(HttpStatusCode.Created, within.StatusCode);
    }

    [Fact]
    public async Task NarrowManager_CannotSeeOrRevokeTheOwnerToken()
    {
        var org = await app.CreateOrganizationAsync();
        var manager = await org.ClientWithAbilitiesAsync("token:manage");
        var ownerId = (await JsonApi.ReadAsync(await org.Owner.GetAsync("/api/v1/me")))["data"]!["id"]!.GetValue<string>();

        var list = await manager.GetStringAsync($"/api/v1/{org.Id}/tokens");
        var revoke = await manager.DeleteAsync($"/api/v1/{org.Id}/tokens/{ownerId}");

        Assert.DoesNotContain(ownerId, list, StringComparison.Ordinal);
        await JsonApi.AssertErrorAsync(revoke, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task RevokeToken_Unknown_Returns404()
    {
        var org = await app.CreateOrganizationAsync();

        await JsonApi.AssertErrorAsync(await org.Owner.DeleteAsync($"/api/v1/{org.Id}/tokens/01ARZ3NDEKTSV4RRFFQ69G5FAV"), HttpStatusCode.NotFound, "not_found");
    }
}
