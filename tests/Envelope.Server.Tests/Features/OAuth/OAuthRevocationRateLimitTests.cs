using Envelope.Server.Tests.Infrastructure;
using Envelope.Server.Tests.RateLimiting;

namespace Envelope.Server.Tests.Features.OAuth;

/// <summary>The revocation endpoint is budgeted per client address like the token endpoint, in a budget of its own.</summary>
public sealed class OAuthRevocationRateLimitTests : IClassFixture<EnvelopeApplication>
{
    private readonly EnvelopeApplication _app;

    public OAuthRevocationRateLimitTests(EnvelopeApplication app)
    {
        _app = app;
        app.Settings["ENVELOPE_RATE_LIMITS_ENABLED"] = "true";
        app.Settings["ENVELOPE_RATE_LIMIT_STORE"] = "memory";
    }

    [Fact]
    public async Task Revoke_BeyondTenAMinute_Returns429_AndLeavesTheTokenEndpointsBudget()
    {
        RawRequests.StartOfWindow(_app.Time);
        for (var i = 0; i < 10; i++)
        {
            var counted = await RawRequests.SendAsync(_app, "POST", "/api/oauth/revoke", "198.51.100.40");
            Assert.NotEqual(429, counted.Response.StatusCode);
            Assert.Equal(9 - i, RawRequests.Remaining(counted));
        }

        var refused = await RawRequests.SendAsync(_app, "POST", "/api/oauth/revoke", "198.51.100.40");
        var token = await RawRequests.SendAsync(_app, "POST", "/api/oauth/token", "198.51.100.40");

        Assert.Equal(429, refused.Response.StatusCode);
        Assert.Equal(10, RawRequests.Limit(refused));
        Assert.Contains("\"error\":\"rate_limited\"", await RawRequests.BodyAsync(refused), StringComparison.Ordinal);
        Assert.Equal(9, RawRequests.Remaining(token));
    }
}
