using Envelope.Server.Data;
using Envelope.Server.Features.Audit;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Audit;

/// <summary>
/// Reads that decrypt are audited without a write per read: counted in memory per token, level and minute, and written
/// as one <c>secrets.decrypt</c> event with the count once the minute is over.
/// </summary>
public sealed class DecryptedReadAuditTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task DecryptedReads_AreOneEventPerTokenLevelAndMinute_WithTheirCount_WrittenOnceTheMinuteIsOver()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        var reader = await org.ClientWithAbilitiesAsync("secret:read", "secret:decrypt");
        var path = $"/api/v1/{org.Id}/my-app/backend/production/secrets";

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await reader.GetAsync(path + "?decrypt=true&merge=true")).IsSuccessStatusCode);
        }

        await reader.GetAsync(path);
        await org.Owner.GetAsync(path + "?decrypt=true");
        var duringTheMinute = await FlushAsync();
        app.Time.Advance(TimeSpan.FromMinutes(1));
        // Advancing the clock also wakes the background flusher; whichever of the two takes a group writes it.
        await FlushAsync();
        var events = await DecryptEventsAsync(org);
        for (var wait = 0; events.Count < 2 && wait < 50; wait++)
        {
            await Task.Delay(100);
            events = await DecryptEventsAsync(org);
        }

        Assert.Equal(0, duringTheMinute);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("my-app/backend/production", e!["subject"]!.GetValue<string>()));
        Assert.All(events, e => Assert.NotNull(e!["project_id"]));
        Assert.Equal([1, 3], events.Select(e => e!["details"]!["count"]!.GetValue<int>()).Order());
        Assert.Equal(2, events.Select(e => e!["token_id"]!.GetValue<string>()).Distinct().Count());
        Assert.True((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events/verify")))["data"]!["valid"]!.GetValue<bool>());
    }

    private static async Task<System.Text.Json.Nodes.JsonArray> DecryptEventsAsync(TestOrganization org) =>
        (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=secrets.decrypt")))["data"]!.AsArray();

    private async Task<int> FlushAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await app.Services.GetRequiredService<DecryptedReadRecorder>()
            .FlushAsync(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>(), everything: false, CancellationToken.None);
    }
}
