using System.Net;
using Envelope.Server.Auth;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Auth;

/// <summary>Each endpoint, with a token holding only what it needs (allowed) and one holding every ability but one it needs (refused).</summary>
public sealed class AbilityTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Theory]
    [MemberData(nameof(EndpointCatalog.Cases), MemberType = typeof(EndpointCatalog))]
    public async Task Endpoint_WithOnlyItsAbility_IsAllowed(EndpointCase endpoint)
    {
        var org = await app.CreateOrganizationAsync();
        var seed = await EndpointCatalog.SeedAsync(org);
        var client = await org.ClientWithAbilitiesAsync(endpoint.Needs);

        var response = await client.SendAsync(endpoint.ToRequest(seed));

        // Allowed means past authorization to a visible resource; what follows may still be refused on its merits
        // (the store case's placeholder blob is 422, enabling an active key 409, client rotation of a server key 400).
        var status = (int)response.StatusCode;
        Assert.True(status is < 500 and not (401 or 403 or 404), $"{endpoint}: {status} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(EndpointCatalog.Cases), MemberType = typeof(EndpointCatalog))]
    public async Task Endpoint_WithEveryOtherAbility_Returns403(EndpointCase endpoint)
    {
        var org = await app.CreateOrganizationAsync();
        var seed = await EndpointCatalog.SeedAsync(org);
        var client = await org.ClientWithAbilitiesAsync([.. Abilities.All.Where(a => a != endpoint.Ability)]);

        var response = await client.SendAsync(endpoint.ToRequest(seed));

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.Forbidden, "insufficient_permissions");
        Assert.Equal(endpoint.Ability, body["details"]!["required_ability"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(EndpointCatalog.Cases), MemberType = typeof(EndpointCatalog))]
    public async Task Endpoint_WithoutToken_Returns401(EndpointCase endpoint)
    {
        var org = await app.CreateOrganizationAsync();

        var response = await app.CreateClient().SendAsync(endpoint.ToRequest(new EndpointSeed(org.Id, 1)));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [MemberData(nameof(EndpointCatalog.Cases), MemberType = typeof(EndpointCatalog))]
    public async Task Endpoint_InLongFormat_AnswersLikeTheShortOne_WithDeprecationHeaders(EndpointCase endpoint)
    {
        var org = await app.CreateOrganizationAsync();
        var seed = await EndpointCatalog.SeedAsync(org);

        var response = await org.Owner.SendAsync(endpoint.ToRequest(seed, endpoint.LongPath));

        var status = (int)response.StatusCode;
        Assert.True(status is < 500 and not (401 or 403 or 404), $"{endpoint.LongPath}: {status} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Deprecation")));
        Assert.Contains($"<{EndpointCase.Fill(endpoint.Path, seed).Split('?')[0]}>", Assert.Single(response.Headers.GetValues("Link")), StringComparison.Ordinal);
    }
}
