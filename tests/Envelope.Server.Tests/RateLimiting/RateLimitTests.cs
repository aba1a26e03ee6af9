using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.RateLimiting;

public sealed class MemoryStoreRateLimitTests(EnvelopeApplication app) : RateLimitTests(app, "memory"), IClassFixture<EnvelopeApplication>;

public sealed class DatabaseStoreRateLimitTests(EnvelopeApplication app) : RateLimitTests(app, "database"), IClassFixture<EnvelopeApplication>;

/// <summary>
/// Every limit of the specification, through the real pipeline, once on each store. Each test starts at a fresh window
/// (15 s into a minute, so a refusal says Retry-After: 45) and uses its own organizations and client addresses.
/// </summary>
public abstract class RateLimitTests
{
    private const string TrustedProxy = "10.0.0.1";
    private const string Event = """{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":true}""";

    protected RateLimitTests(EnvelopeApplication app, string store)
    {
        App = app;
        app.Settings["ENVELOPE_RATE_LIMITS_ENABLED"] = "true";
        app.Settings["ENVELOPE_RATE_LIMIT_STORE"] = store;
        app.Settings["ENVELOPE_TRUSTED_PROXIES"] = TrustedProxy;
    }

    private EnvelopeApplication App { get; }

    [Fact]
    public async Task OrganizationRequests_BeyondTheDefaultLimit_Return429WithRetryAfter()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);

        for (var i = 0; i < 100; i++)
        {
            var response = await org.Owner.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertBudget(response, 100, 99 - i);
        }

        var refused = await org.Owner.GetAsync("/api/v1/me");

        var body = await JsonApi.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        AssertBudget(refused, 100, 0);
        Assert.Equal(TimeSpan.FromSeconds(45), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(100, body["details"]!["limit"]!.GetValue<int>());
        Assert.Equal(45, body["details"]!["retry_after"]!.GetValue<int>());
    }

    [Fact]
    public async Task OrganizationOnTheTeamPlan_IsAllowedItsPlansLimit()
    {
        var org = await App.CreateOrganizationAsync();
        await SetPlanAsync(org.Id, Plan.Team);
        RawRequests.StartOfWindow(App.Time);

        for (var i = 0; i < 300; i++)
        {
            var response = await org.Owner.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertBudget(response, 300, 299 - i);
        }

        var refused = await org.Owner.GetAsync("/api/v1/me");
        await JsonApi.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        AssertBudget(refused, 300, 0);
    }

    [Fact]
    public async Task PlanChange_AfterThePlanCacheExpires_AppliesWithinTheSameWindow()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 50; i++)
        {
            await org.Owner.GetAsync("/api/v1/me");
        }

        await SetPlanAsync(org.Id, Plan.Team);
        App.Time.Advance(TimeSpan.FromSeconds(31));
        var response = await org.Owner.GetAsync("/api/v1/me");

        AssertBudget(response, 300, 249);
    }

    [Fact]
    public async Task Organizations_OneExhaustingItsBudget_LeavesAnothersUntouched()
    {
        var spender = await App.CreateOrganizationAsync("spender");
        var other = await App.CreateOrganizationAsync("other");
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 100; i++)
        {
            await spender.Owner.GetAsync("/api/v1/me");
        }

        var refused = await spender.Owner.GetAsync("/api/v1/me");
        var served = await other.Owner.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        AssertBudget(served, 100, 99);
    }

    [Fact]
    public async Task Budget_AfterItsWindowEnds_IsRestored()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);
        for (var i = 0; i < 100; i++)
        {
            await org.Owner.GetAsync("/api/v1/me");
        }

        var refused = await org.Owner.GetAsync("/api/v1/me");
        App.Time.Advance(refused.Headers.RetryAfter!.Delta!.Value - TimeSpan.FromSeconds(1));
        var stillRefused = await org.Owner.GetAsync("/api/v1/me");
        App.Time.Advance(TimeSpan.FromSeconds(1));
        var served = await org.Owner.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), stillRefused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        AssertBudget(served, 100, 99);
    }

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

    [Fact]
    public async Task ErrorResponses_CarryTheHeaders()
    {
        var org = await App.CreateOrganizationAsync();
        RawRequests.StartOfWindow(App.Time);

        var notFound = await org.Owner.GetAsync("/api/v1/nothing/here/at/all");
        var malformed = await org.Owner.PostAsync($"/api/v1/{org.Id}/projects", new StringContent("{bad", System.Text.Encoding.UTF8, "application/json"));
        var invalid = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = string.Empty });

        await JsonApi.AssertErrorAsync(notFound, HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(malformed, HttpStatusCode.BadRequest, "malformed_json");
        await JsonApi.AssertErrorAsync(invalid, HttpStatusCode.UnprocessableEntity, "validation_failed");
        AssertBudget(notFound, 100, 99);
        AssertBudget(malformed, 100, 98);
        AssertBudget(invalid, 100, 97);
    }

    private async Task SetPlanAsync(string organizationId, string plan)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        await db.Organizations.Where(o => o.Id == organizationId).ExecuteUpdateAsync(s => s.SetProperty(o => o.PlanName, plan));
    }

    internal static void AssertBudget(HttpResponseMessage response, int limit, int remaining)
    {
        Assert.Equal(limit.ToString(CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-RateLimit-Limit")));
        Assert.Equal(remaining.ToString(CultureInfo.InvariantCulture), Assert.Single(response.Headers.GetValues("X-RateLimit-Remaining")));
    }
}
