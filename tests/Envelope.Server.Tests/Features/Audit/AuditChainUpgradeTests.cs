using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Audit;

/// <summary>
/// Events written by the release before the chain: the AuditChain migration numbers them (and, on SQLite, moves their
/// times to microseconds), the first start hashes them, and the trail then verifies with every time as it was.
/// </summary>
public sealed class AuditChainUpgradeTests : IAsyncLifetime
{
    private const string PreviousMigration = "VersionChain";
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task EventsFromThePreviousSchema_AreChainedOnStart_VerifyAndKeepTheirTimes()
    {
        // The previous release's SQLite form keeps 100 µs; a time on that grid survives the way down and back up exactly.
        var writtenByThePreviousRelease = new DateTimeOffset(2026, 11, 30, 8, 15, 42, TimeSpan.Zero).AddTicks(1234 * 1000);
        string orgId, token;
        List<(string Action, string CreatedAt)> before;
        await using (var previous = await StartAsync())
        {
            previous.Time.Advance(TimeSpan.FromTicks(1000 - previous.Time.GetUtcNow().UtcTicks % 1000));
            var org = await previous.CreateOrganizationAsync();
            (orgId, token) = (org.Id, org.OwnerToken);
            await org.CreateHierarchyAsync();
            await org.StoreAsync("my-app", "backend", "production", "A=1\n");
            await org.CreateTokenAsync(["project:read"]);
            before = await EventsAsync(org.Owner, orgId);

            // Back to the schema the previous release ran: no sequence, no hash, no checkpoints.
            await using var scope = previous.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
            await db.GetService<IMigrator>().MigrateAsync(PreviousMigration);
            Assert.DoesNotContain(db.Database.GetAppliedMigrations(), m => m.EndsWith("_AuditChain", StringComparison.Ordinal));

            // And one event written the way that release wrote it, its time in that engine's own form.
            object createdAt = db.Database.IsSqlite()
                ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(writtenByThePreviousRelease)!
                : writtenByThePreviousRelease;
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO audit_events ("OrganizationId", "Action", "Subject", "CreatedAt") VALUES ({0}, 'secret.store', 'my-app/backend/production', {1})""",
                orgId, createdAt);
        }

        await using var upgraded = await StartAsync();
        var owner = upgraded.ClientWithToken(token);

        var verification = (await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/audit-events/verify")))["data"]!;
        var after = await EventsAsync(owner, orgId);
        await new TestOrganization(upgraded, orgId, token).StoreAsync("my-app", "backend", "production", "A=2\n");
        var afterAnotherWrite = (await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/audit-events/verify")))["data"]!;

        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
        Assert.Equal(before.Count + 1, verification["events_checked"]!.GetValue<long>());
        Assert.Equal(before, after[1..]);
        Assert.Equal(writtenByThePreviousRelease, DateTimeOffset.Parse(after[0].CreatedAt, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(afterAnotherWrite["valid"]!.GetValue<bool>(), afterAnotherWrite.ToJsonString());
        // The write fetched the project's key first (key.retrieve), then stored (secrets.store).
        Assert.Equal(before.Count + 3, afterAnotherWrite["events_checked"]!.GetValue<long>());
    }

    private static async Task<List<(string Action, string CreatedAt)>> EventsAsync(HttpClient owner, string orgId) =>
        [.. (await JsonApi.ReadAsync(await owner.GetAsync($"/api/v1/{orgId}/audit-events?per_page=100")))["data"]!.AsArray()
            .Select(e => (e!["action"]!.GetValue<string>(), e["created_at"]!.GetValue<string>()))];

    private async Task<EnvelopeApplication> StartAsync()
    {
        var host = EnvelopeApplication.On(_database);
        await host.InitializeAsync();
        _ = host.Server;
        return host;
    }
}
