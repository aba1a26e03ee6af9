using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Versions;

/// <summary>History written before per-level numbers: the migration numbers it in place, by id within each level.</summary>
public sealed class PerLevelVersionNumbersUpgradeTests : IAsyncLifetime
{
    private const string PreviousMigration = "AuditChain";
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task HistoryFromThePreviousSchema_IsNumberedPerLevelByWriteOrder_AndNewVersionsContinue()
    {
        string orgId, token;
        long deleted;
        await using (var previous = await StartAsync())
        {
            var org = await previous.CreateOrganizationAsync();
            (orgId, token) = (org.Id, org.OwnerToken);
            await org.CreateHierarchyAsync();
            await org.StoreAsync("my-app", "backend", "production", "A=1\n");
            await org.StoreAsync("my-app", null, null, "P=1\n");
            deleted = await org.StoreAsync("my-app", "backend", "production", "A=2\n");
            await org.StoreAsync("my-app", null, null, "P=2\n");
            await org.StoreAsync("my-app", "backend", "production", "A=3\n");
            await org.Owner.DeleteAsync($"/api/v1/{org.Id}/secrets/versions/{deleted}");

            await using var scope = previous.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
            await db.GetService<IMigrator>().MigrateAsync(PreviousMigration);
            Assert.DoesNotContain(db.Database.GetAppliedMigrations(), m => m.EndsWith("_PerLevelVersionNumbers", StringComparison.Ordinal));
        }

        await using var upgraded = await StartAsync();
        var owner = upgraded.ClientWithToken(token);

        var environment = await ListAsync(owner, orgId, new { project = "my-app", target = "backend", environment = "production" });
        var project = await ListAsync(owner, orgId, new { project = "my-app" });
        Assert.Equal([3, 1], environment["data"]!.AsArray().Select(v => v!["number"]!.GetValue<int>()));
        Assert.Equal([2, 1], project["data"]!.AsArray().Select(v => v!["number"]!.GetValue<int>()));
        Assert.Equal(3, environment["meta"]!["current_version"]!.GetValue<int>());
        var verification = (await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/secrets/versions/verify?project=my-app&target=backend&environment=production")))["data"]!;
        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());

        var reopened = new TestOrganization(upgraded, orgId, token);
        await reopened.StoreAsync("my-app", "backend", "production", "A=4\n");
        var after = await ListAsync(owner, orgId, new { project = "my-app", target = "backend", environment = "production" });
        Assert.Equal(4, after["data"]![0]!["number"]!.GetValue<int>());
        Assert.Equal(4, after["meta"]!["current_version"]!.GetValue<int>());
    }

    private static async Task<JsonNode> ListAsync(HttpClient owner, string orgId, object level)
    {
        var response = await owner.PostAsJsonAsync($"/api/v1/{orgId}/secrets/versions", level);
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body;
    }

    private async Task<EnvelopeApplication> StartAsync()
    {
        var host = EnvelopeApplication.On(_database);
        await host.InitializeAsync();
        _ = host.Server;
        return host;
    }
}
