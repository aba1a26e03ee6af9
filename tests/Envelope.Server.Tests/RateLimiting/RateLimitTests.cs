using System.Globalization;
using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.RateLimiting;

public sealed class MemoryStoreRateLimitTests(EnvelopeApplication app) : RateLimitTests(app, "memory"), IClassFixture<EnvelopeApplication>;

public sealed class DatabaseStoreRateLimitTests(EnvelopeApplication app) : RateLimitTests(app, "database"), IClassFixture<EnvelopeApplication>;

/// <summary>
/// Every limit of the specification, through the real pipeline, once on each store. Each test starts at a fresh window
/// (15 s into a minute, so a refusal says Retry-After: 45) and uses its own organizations and client addresses. The
/// organization budgets are tested in RateLimitTests.Organizations.cs, the client-address ones in
/// RateLimitTests.ClientAddresses.cs.
/// </summary>
public abstract partial class RateLimitTests
{
    private const string TrustedProxy = "10.0.0.1";

    protected RateLimitTests(EnvelopeApplication app, string store)
    {
        App = app;
        app.Settings["ENVELOPE_RATE_LIMITS_ENABLED"] = "true";
        app.Settings["ENVELOPE_RATE_LIMIT_STORE"] = store;
        app.Settings["ENVELOPE_TRUSTED_PROXIES"] = TrustedProxy;
    }

    private EnvelopeApplication App { get; }

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
