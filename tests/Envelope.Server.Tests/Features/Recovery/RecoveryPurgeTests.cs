using System.Net;
using Envelope.Server.Data;
using Envelope.Server.Features.Recovery;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Recovery;

/// <summary>The purge of nodes whose recovery window has passed, across nodes on one database; and the upgrade that adds the window.</summary>
public sealed class RecoveryPurgeTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task PurgeJob_OnTwoNodesAtOnce_PurgesEachDueNodeOnce_AfterTheWindowOnly()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var org = await a.CreateOrganizationAsync();
        await org.CreateProjectAsync("kept");
        for (var i = 0; i < 3; i++)
        {
            await org.CreateTargetAsync("kept", $"t{i}");
            await org.StoreAsync("kept", $"t{i}", null, $"N={i}\n");
            Assert.Equal(HttpStatusCode.OK, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/kept/targets/t{i}")).StatusCode);
        }

        await org.CreateHierarchyAsync("p", "web", "prod");
        await org.StoreAsync("p", "web", "prod", "N=p\n");
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/projects/p")).StatusCode);

        Assert.Equal(0, await PurgeAsync(a));
        a.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        b.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await PurgeAsync(a));
        a.Time.Advance(TimeSpan.FromSeconds(2));
        b.Time.Advance(TimeSpan.FromSeconds(2));

        var purged = await Task.WhenAll(PurgeAsync(a), PurgeAsync(b), PurgeAsync(a), PurgeAsync(b));

        Assert.Equal(4, purged.Sum());
        await using var scope = a.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        Assert.Equal(["kept"], await db.Projects.IgnoreQueryFilters().Where(p => p.OrganizationId == org.Id).Select(p => p.Slug).ToListAsync());
        Assert.False(await db.Targets.IgnoreQueryFilters().AnyAsync());
        Assert.False(await db.SecretVersions.AnyAsync());
        // The purged project's keys went with it; the kept project's stay.
        Assert.Equal(1, await db.ProjectKeys.CountAsync());
        var events = await db.AuditEvents.Where(e => e.OrganizationId == org.Id && e.Action.EndsWith(".purge")).ToListAsync();
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.Null(e.TokenId));
        Assert.Equal(["kept/t0", "kept/t1", "kept/t2", "p"], events.Select(e => e.Subject).Order());
        Assert.All(events, e => Assert.Contains("\"versions\":1", e.Details, StringComparison.Ordinal));
        Assert.Empty((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted")))["data"]!.AsArray());
    }

    [Fact]
    public async Task Worker_PurgesADeletedNode_OnceItsWindowHasPassed()
    {
        await using var host = await StartAsync(jobsEnabled: true);
        var org = await host.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", "backend", null, "W=1\n");
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/my-app/targets/backend")).StatusCode);

        // The worker wakes on its poll interval, which the fake clock drives.
        host.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted")))["data"]!.AsArray().Count > 0)
        {
            host.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }

        Assert.Empty((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted")))["data"]!.AsArray());
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.OrganizationId == org.Id && e.Action == "target.purge"));
    }

    [Fact]
    public async Task Upgrade_OfADatabaseWithData_KeepsEverything_AndGivesTheDefaultWindow()
    {
        string orgId, token;
        await using (var before = await StartAsync())
        {
            var org = await before.CreateOrganizationAsync();
            (orgId, token) = (org.Id, org.OwnerToken);
            await org.CreateHierarchyAsync();
            await org.StoreAsync("my-app", "backend", "production", "KEPT=value\n");

            // The database as the previous release left it: every migration before this branch's.
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
            await db.GetService<IMigrator>().MigrateAsync("Initial");
            Assert.Contains(await db.Database.GetPendingMigrationsAsync(), m => m.EndsWith("_RecoveryWindow", StringComparison.Ordinal));
        }

        await using var after = await StartAsync();
        var owner = after.ClientWithToken(token);

        Assert.Equal(7, (await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}")))["data"]!["settings"]!["recovery_window_days"]!.GetValue<int>());
        var read = await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/my-app/backend/production/secrets?decrypt=true&merge=true"));
        Assert.Equal("value", read["data"]!["attributes"]!["secrets"]!["KEPT"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/v1/{orgId}/projects/my-app")).StatusCode);
        Assert.Single((await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/deleted")))["data"]!.AsArray());
    }

    private static async Task<int> PurgeAsync(EnvelopeApplication host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NodeRemoval>().PurgeDueAsync(CancellationToken.None);
    }

    private async Task<EnvelopeApplication> StartAsync(bool jobsEnabled = false)
    {
        // The workers stay off unless asked, so that the test's calls are the only purges, and each counts what it did.
        var host = EnvelopeApplication.On(_database);
        host.Settings["ENVELOPE_JOBS_ENABLED"] = jobsEnabled ? "true" : "false";
        await host.InitializeAsync();
        _ = host.Server;
        return host;
    }
}
