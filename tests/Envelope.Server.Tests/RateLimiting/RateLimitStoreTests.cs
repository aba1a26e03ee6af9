using System.Net;
using Envelope.Server.Data;
using Envelope.Server.RateLimiting;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.RateLimiting;

/// <summary>The store the configuration selects, and the database store's counters, on the engine of the test run.</summary>
public sealed class RateLimitStoreTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Store_WhenNotConfigured_IsTheDatabaseOnPostgresAndMemoryOnSqlite()
    {
        using var scope = app.Services.CreateScope();

        var store = scope.ServiceProvider.GetRequiredService<IRateLimitStore>();

        Assert.IsType(TestDatabase.Engine == "postgres" ? typeof(DatabaseRateLimitStore) : typeof(MemoryRateLimitStore), store);
    }

    [Fact]
    public async Task RateLimits_WhenDisabled_AddNoHeaders()
    {
        // The fixture's default for the rest of the suite.
        var org = await app.CreateOrganizationAsync();

        var response = await org.Owner.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
    }

    [Fact]
    public async Task DatabaseStore_ConcurrentAcquires_AdmitExactlyTheLimit()
    {
        _ = app.Server;
        var key = "test:" + Guid.NewGuid().ToString("N");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 60).Select(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await ActivatorUtilities.CreateInstance<DatabaseRateLimitStore>(scope.ServiceProvider).AcquireAsync(key, 25, Minute, CancellationToken.None);
        }));

        Assert.Equal(25, decisions.Count(d => d.Allowed));
        Assert.Equal(Enumerable.Range(0, 25), decisions.Where(d => d.Allowed).Select(d => d.Remaining).Order());
        await using var check = app.Services.CreateAsyncScope();
        var counter = await check.ServiceProvider.GetRequiredService<EnvelopeDbContext>().RateLimitCounters.SingleAsync(c => c.PartitionKey == key);
        Assert.Equal(60, counter.Count);
    }

    [Fact]
    public async Task DatabaseStore_Prune_DeletesOnlyWindowsThatEnded()
    {
        _ = app.Server;
        var key = "prune:" + Guid.NewGuid().ToString("N");
        await using var scope = app.Services.CreateAsyncScope();
        var store = ActivatorUtilities.CreateInstance<DatabaseRateLimitStore>(scope.ServiceProvider);
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        await store.AcquireAsync(key, 10, Minute, CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await store.AcquireAsync(key, 10, Minute, CancellationToken.None);

        await DatabaseRateLimitStore.PruneAsync(db, app.Time.GetUtcNow() - (2 * Minute), CancellationToken.None);

        var left = await db.RateLimitCounters.Where(c => c.PartitionKey == key).ToListAsync();
        Assert.Equal(1, Assert.Single(left).Count);
    }
}
