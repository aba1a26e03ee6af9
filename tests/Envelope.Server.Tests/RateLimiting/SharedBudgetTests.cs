using System.Net;
using Envelope.Server.RateLimiting;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.RateLimiting;

/// <summary>
/// Two server processes on one database with the database store: one organization budget between them. Runs on
/// SQLite, and on PostgreSQL (the deployment it is for) when ENVELOPE_TEST_POSTGRES is set.
/// </summary>
public sealed class SharedBudgetTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task TwoServers_OnOneDatabase_ShareOneOrganizationBudget()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        using (var scope = first.Services.CreateScope())
        {
            Assert.IsType<DatabaseRateLimitStore>(scope.ServiceProvider.GetRequiredService<IRateLimitStore>());
        }

        var org = await first.CreateOrganizationAsync();
        var onFirst = first.ClientWithToken(org.OwnerToken);
        var onSecond = second.ClientWithToken(org.OwnerToken);
        RawRequests.StartOfWindow(first.Time, second.Time);

        for (var i = 0; i < 100; i++)
        {
            var response = await (i % 2 == 0 ? onFirst : onSecond).GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            RateLimitTests.AssertBudget(response, 100, 99 - i);
        }

        var refusedByFirst = await onFirst.GetAsync("/api/v1/me");
        var refusedBySecond = await onSecond.GetAsync("/api/v1/me");

        await JsonApi.AssertErrorAsync(refusedByFirst, HttpStatusCode.TooManyRequests, "rate_limited");
        await JsonApi.AssertErrorAsync(refusedBySecond, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(45), refusedBySecond.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task TwoServers_ConcurrentRequests_NeverExceedTheSharedBudget()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        var org = await first.CreateOrganizationAsync();
        var clients = new[] { first.ClientWithToken(org.OwnerToken), second.ClientWithToken(org.OwnerToken) };
        RawRequests.StartOfWindow(first.Time, second.Time);

        var responses = await Task.WhenAll(Enumerable.Range(0, 160).Select(i => clients[i % 2].GetAsync("/api/v1/me")));

        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(60, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        // Each admitted request saw a distinct count.
        var remaining = responses.Where(r => r.IsSuccessStatusCode).Select(r => int.Parse(r.Headers.GetValues("X-RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, 100), remaining.Order());
    }

    private async Task<EnvelopeApplication> StartAsync()
    {
        var host = EnvelopeApplication.On(_database);
        host.Settings["ENVELOPE_RATE_LIMITS_ENABLED"] = "true";
        host.Settings["ENVELOPE_RATE_LIMIT_STORE"] = "database";
        host.Settings["ENVELOPE_JOBS_ENABLED"] = "false";
        await host.InitializeAsync();
        _ = host.Server;
        return host;
    }
}
