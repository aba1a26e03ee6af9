using System.Net;
using Envelope.Server.Data;
using Envelope.Server.Keys;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.EncryptionKeys;

/// <summary>Unwrapped data keys leave a node's memory: zeroed when dropped, and forgotten on every node, not only the one that erased them.</summary>
public sealed class DataKeyMemoryTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_project_erased_on_one_node_has_its_key_forgotten_and_zeroed_on_another_within_the_cache_lifetime()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        var org = await first.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=1\n");
        var onSecond = second.ClientWithToken(org.OwnerToken);

        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync($"/api/v1/{org.Id}/my-app/secrets?decrypt=true")).StatusCode);
        var secondKeys = second.Services.GetRequiredService<DataKeys>();
        Assert.Equal(1, secondKeys.CachedCount);
        await using var scope = second.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var projectId = await db.Projects.Select(p => p.Id).SingleAsync();
        var held = (await secondKeys.LeaseAsync(db, projectId, 1, CancellationToken.None))!;
        var bytes = held.Key.ToArray();
        Assert.Contains(bytes, b => b != 0);

        var erased = await org.Owner.DeleteAsync($"/api/v1/{org.Id}/projects/my-app?permanent=true&confirm=my-app");
        Assert.True(erased.IsSuccessStatusCode, await erased.Content.ReadAsStringAsync());

        // The other node learns nothing from the erase itself: its cached copy ends with the cache's lifetime.
        Assert.Equal(1, secondKeys.CachedCount);
        second.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, secondKeys.CachedCount);

        // A request still decrypting with the key keeps it whole until it lets go; then the bytes are zeroed.
        Assert.Equal(bytes, held.Key.ToArray());
        held.Dispose();
        Assert.All(held.Key.ToArray(), b => Assert.Equal(0, b));
        Assert.Null(await secondKeys.LeaseAsync(db, projectId, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Forget_zeroes_an_unleased_key_at_once_and_a_cache_of_zero_seconds_keeps_none()
    {
        await using var app = await StartAsync(new() { ["ENVELOPE_DATA_KEY_CACHE_SECONDS"] = "0" });
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=1\n");
        var keys = app.Services.GetRequiredService<DataKeys>();

        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets?decrypt=true")).StatusCode);
        Assert.Equal(0, keys.CachedCount);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var projectId = await db.Projects.Select(p => p.Id).SingleAsync();
        var lease = (await keys.LeaseAsync(db, projectId, 1, CancellationToken.None))!;
        Assert.Contains(lease.Key.ToArray(), b => b != 0);
        lease.Dispose();
        Assert.All(lease.Key.ToArray(), b => Assert.Equal(0, b));
    }

    private async Task<EnvelopeApplication> StartAsync(Dictionary<string, string>? settings = null)
    {
        var app = EnvelopeApplication.On(_database);
        app.Settings["ENVELOPE_JOBS_ENABLED"] = "false";
        foreach (var (key, value) in settings ?? [])
        {
            app.Settings[key] = value;
        }

        await app.InitializeAsync();
        _ = app.Server;
        return app;
    }
}
