using System.Net.Http.Json;
using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Versions;

/// <summary>History written by the release before the chain: the upgrade seals it, and it still reads and verifies.</summary>
public sealed class VersionChainUpgradeTests : IAsyncLifetime
{
    private const string PreviousMigration = "TokenProvenanceAndExpiry";
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task HistoryFromThePreviousSchema_IsSealedOnStart_ReadsAndVerifies()
    {
        string orgId, token;
        long destroyed;
        await using (var previous = await StartAsync())
        {
            var org = await previous.CreateOrganizationAsync();
            (orgId, token) = (org.Id, org.OwnerToken);
            await org.CreateHierarchyAsync();
            destroyed = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
            await org.StoreAsync("my-app", "backend", "production", "A=2\n");
            await org.StoreAsync("my-app", "backend", "production", "A=3\n");
            await org.Owner.PostAsync($"/api/v1/{org.Id}/secrets/versions/{destroyed}/destroy", null);

            // Back to the schema the previous release ran: the chain's columns, and what they held, are gone.
            await using var scope = previous.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
            await db.GetService<IMigrator>().MigrateAsync(PreviousMigration);
            Assert.DoesNotContain(db.Database.GetAppliedMigrations(), m => m.EndsWith("_VersionChain", StringComparison.Ordinal));
        }

        await using var upgraded = await StartAsync();
        var owner = upgraded.ClientWithToken(token);

        var verification = (await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/secrets/versions/verify?project=my-app&target=backend&environment=production")))["data"]!;
        var merged = await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/my-app/backend/production/secrets?decrypt=true&merge=true"));
        var versions = (await JsonApi.ReadAsync(await owner.PostAsJsonAsync($"/api/v1/{orgId}/secrets/versions", new { project = "my-app", target = "backend", environment = "production" })))["data"]!.AsArray();

        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
        Assert.Equal(3, verification["versions_checked"]!.GetValue<int>());
        Assert.Equal("3", merged["data"]!["attributes"]!["secrets"]!["A"]!.GetValue<string>());
        Assert.All(versions, v => Assert.Matches("^[0-9a-f]{64}$", v!["hash"]!.GetValue<string>()));
        // The blob destroyed before the upgrade left no digest to seal; its link still holds the chain together.
        Assert.Null(versions.Single(v => v!["id"]!.GetValue<long>() == destroyed)!["chain"]!["content_sha256"]);
    }

    private async Task<EnvelopeApplication> StartAsync()
    {
        var host = EnvelopeApplication.On(_database);
        await host.InitializeAsync();
        _ = host.Server;
        return host;
    }
}
