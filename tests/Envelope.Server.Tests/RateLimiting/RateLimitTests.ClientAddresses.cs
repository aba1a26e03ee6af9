namespace Envelope.Server.Tests.RateLimiting;

/// <summary>
/// The budgets of a client address: unauthenticated requests (behind a trusted proxy, the forwarded client's), the OAuth
/// token endpoint and telemetry; and the paths no budget applies to.
/// </summary>
public abstract partial class RateLimitTests
{
    private const string Event = """{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":true}""";

    [Fact]
    public async Task UnauthenticatedRequests_BeyondTheDefaultLimit_Return429PerClientAddress()
    {
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 100; i++)
        {
            var served = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "198.51.100.10");
            Assert.Equal(200, served.Response.StatusCode);
            Assert.Equal(100, RawRequests.Limit(served));
            Assert.Equal(99 - i, RawRequests.Remaining(served));
        }

        var refused = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "198.51.100.10");
        var otherAddress = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "198.51.100.11");

        Assert.Equal(429, refused.Response.StatusCode);
        Assert.Equal("45", refused.Response.Headers.RetryAfter.ToString());
        Assert.Equal(0, RawRequests.Remaining(refused));
        Assert.Contains("\"error\":\"rate_limited\"", await RawRequests.BodyAsync(refused), StringComparison.Ordinal);
        Assert.Equal(200, otherAddress.Response.StatusCode);
        Assert.Equal(99, RawRequests.Remaining(otherAddress));
    }

    [Fact]
    public async Task UnauthenticatedRequests_FromOneIpv6Slash64_ShareABudget()
    {
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 100; i++)
        {
            await RawRequests.SendAsync(App, "GET", "/api/v1/plans", $"2001:db8:1:2::{i + 1:x}");
        }

        var sameNetwork = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "2001:db8:1:2:ffff:ffff:ffff:ffff");
        var otherNetwork = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "2001:db8:1:3::1");

        Assert.Equal(429, sameNetwork.Response.StatusCode);
        Assert.Equal(200, otherNetwork.Response.StatusCode);
        Assert.Equal(99, RawRequests.Remaining(otherNetwork));
    }

    [Fact]
    public async Task RequestsWithAnInvalidToken_CountAgainstTheClientAddress()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 100; i++)
        {
            var unauthenticated = await RawRequests.SendAsync(App, "GET", "/api/v1/me", "198.51.100.20", token: "envl_" + new string('x', 40));
            Assert.Equal(401, unauthenticated.Response.StatusCode);
            Assert.Equal(99 - i, RawRequests.Remaining(unauthenticated));
        }

        var refused = await RawRequests.SendAsync(App, "GET", "/api/v1/me", "198.51.100.20", token: "envl_" + new string('y', 40));
        // A valid token from the same address counts against its organization instead.
        var valid = await RawRequests.SendAsync(App, "GET", "/api/v1/me", "198.51.100.20", token: org.OwnerToken);

        Assert.Equal(429, refused.Response.StatusCode);
        Assert.Equal(200, valid.Response.StatusCode);
        Assert.Equal(99, RawRequests.Remaining(valid));
    }

    [Fact]
    public async Task TokenEndpoint_BeyondTenAMinute_Returns429PerClientAddress()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 10; i++)
        {
            // Whatever the OAuth server answers an empty request, the limiter counts it; a valid API token changes nothing.
            var counted = await RawRequests.SendAsync(App, "POST", "/api/oauth/token", "198.51.100.30", token: i % 2 == 0 ? org.OwnerToken : null);
            Assert.NotEqual(429, counted.Response.StatusCode);
            Assert.Equal(10, RawRequests.Limit(counted));
            Assert.Equal(9 - i, RawRequests.Remaining(counted));
        }

        var refused = await RawRequests.SendAsync(App, "POST", "/api/oauth/token", "198.51.100.30", token: org.OwnerToken);
        var otherAddress = await RawRequests.SendAsync(App, "POST", "/api/oauth/token", "198.51.100.31");
        var restOfTheApi = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "198.51.100.30");

        Assert.Equal(429, refused.Response.StatusCode);
        Assert.Equal("45", refused.Response.Headers.RetryAfter.ToString());
        Assert.Equal(10, RawRequests.Limit(refused));
        Assert.Equal(0, RawRequests.Remaining(refused));
        Assert.Contains("\"error\":\"rate_limited\"", await RawRequests.BodyAsync(refused), StringComparison.Ordinal);
        Assert.Equal(9, RawRequests.Remaining(otherAddress));
        Assert.Equal(200, restOfTheApi.Response.StatusCode);
        Assert.Equal(99, RawRequests.Remaining(restOfTheApi));
    }

    [Fact]
    public async Task Telemetry_BeyondSixtyAMinute_Returns429PerClientAddress()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 60; i++)
        {
            var accepted = await RawRequests.SendAsync(App, "POST", "/api/v1/telemetry", "198.51.100.40", json: Event);
            Assert.Equal(202, accepted.Response.StatusCode);
            Assert.Equal(60, RawRequests.Limit(accepted));
            Assert.Equal(59 - i, RawRequests.Remaining(accepted));
        }

        var refused = await RawRequests.SendAsync(App, "POST", "/api/v1/telemetry", "198.51.100.40", token: org.OwnerToken, json: Event);
        var otherAddress = await RawRequests.SendAsync(App, "POST", "/api/v1/telemetry", "198.51.100.41", json: Event);
        var organizationBudget = await org.Owner.GetAsync("/api/v1/me");

        Assert.Equal(429, refused.Response.StatusCode);
        Assert.Equal("45", refused.Response.Headers.RetryAfter.ToString());
        Assert.Equal(0, RawRequests.Remaining(refused));
        Assert.Equal(202, otherAddress.Response.StatusCode);
        Assert.Equal(59, RawRequests.Remaining(otherAddress));
        AssertBudget(organizationBudget, 100, 99);
    }

    [Fact]
    public async Task ForwardedFor_FromAnUntrustedAddress_DoesNotChangeThePartition()
    {
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 100; i++)
        {
            var spoofed = new Dictionary<string, string> { ["X-Forwarded-For"] = $"192.0.2.{i}" };
            var served = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "198.51.100.50", headers: spoofed);
            Assert.Equal(99 - i, RawRequests.Remaining(served));
        }

        var refused = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "198.51.100.50",
            headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "192.0.2.200" });

        Assert.Equal(429, refused.Response.StatusCode);
    }

    [Fact]
    public async Task ForwardedFor_FromTheTrustedProxy_PartitionsByTheForwardedClient()
    {
        RawRequests.StartOfWindow(App.Time);
        static Dictionary<string, string> From(string client) => new() { ["X-Forwarded-For"] = client, ["X-Forwarded-Proto"] = "https" };
        for (var i = 0; i < 100; i++)
        {
            await RawRequests.SendAsync(App, "GET", "/api/v1/plans", TrustedProxy, headers: From("203.0.113.60"));
        }

        var refused = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", TrustedProxy, headers: From("203.0.113.60"));
        var anotherClient = await RawRequests.SendAsync(App, "GET", "/api/v1/plans", TrustedProxy, headers: From("203.0.113.61"));

        Assert.Equal(429, refused.Response.StatusCode);
        Assert.Equal(200, anotherClient.Response.StatusCode);
        Assert.Equal(99, RawRequests.Remaining(anotherClient));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/openapi/v1.json")]
    public async Task ProbesAndTheApiDescription_AreNeverLimited(string path)
    {
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 100; i++)
        {
            await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "198.51.100.70");
        }

        var exempt = await RawRequests.SendAsync(App, "GET", path, "198.51.100.70");

        Assert.Equal(200, exempt.Response.StatusCode);
        Assert.Null(RawRequests.Limit(exempt));
        Assert.Equal(429, (await RawRequests.SendAsync(App, "GET", "/api/v1/plans", "198.51.100.70")).Response.StatusCode);
    }
}
