using System.Net;
using System.Net.Http.Json;
using Envelope.Crypto;
using Envelope.Server.Features.EncryptionKeys.Jobs;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.EncryptionKeys;

public sealed class KeyStateTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task DisabledKey_RefusesValueOperations_ButMetadataAndCiphertextStayReadable()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var version = await org.StoreAsync("my-app", null, null, "A=1\n");
        var content = SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "A=2\n");

        var disabled = await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/disable", null);

        Assert.Equal("disabled", (await JsonApi.ReadAsync(disabled))["data"]!["state"]!.GetValue<string>());
        foreach (var refused in new[]
        {
            await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", content }),
            await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets?decrypt=true"),
            await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/retrieve", new { project = "my-app", action = "key:retrieve" }),
            await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{version}/restore", new { }),
            await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", null),
        })
        {
            var body = await JsonApi.AssertErrorAsync(refused, HttpStatusCode.BadRequest, "key_unavailable");
            Assert.Equal("disabled", body["details"]!["key_state"]!.GetValue<string>());
        }

        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "my-app" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{version}")).StatusCode);
        var descriptor = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/encryption-key")))["data"]!;
        Assert.Equal("disabled", descriptor["state"]!.GetValue<string>());
        Assert.Null(descriptor["key"]);

        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", content })).StatusCode);
    }

    [Fact]
    public async Task ScheduledDeletion_CanBeCancelled_OrDestroysTheKeyWhenDue()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=1\n");
        var url = $"/api/v1/{org.Id}/my-app/encryption-key";

        var scheduled = (await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"{url}/schedule-deletion", new { days = 7 })))["data"]!;
        var cancelled = (await JsonApi.ReadAsync(await org.Owner.PostAsync($"{url}/cancel-deletion", null)))["data"]!;
        var tooSoon = await org.Owner.PostAsJsonAsync($"{url}/schedule-deletion", new { days = 1 });
        await org.Owner.PostAsJsonAsync($"{url}/schedule-deletion", new { days = 7 });

        Assert.Equal("pending_deletion", scheduled["state"]!.GetValue<string>());
        Assert.Equal(app.Time.GetUtcNow().AddDays(7).Date, scheduled["deletion_scheduled_for"]!.GetValue<DateTimeOffset>().Date);
        Assert.Equal("disabled", cancelled["state"]!.GetValue<string>());
        await JsonApi.AssertErrorAsync(tooSoon, HttpStatusCode.UnprocessableEntity, "validation_failed");
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets?decrypt=true"), HttpStatusCode.BadRequest, "key_unavailable");

        app.Time.Advance(TimeSpan.FromDays(8));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<KeyJobRunner>().DeleteDueKeysAsync(CancellationToken.None);
        }

        var deleted = (await JsonApi.ReadAsync(await org.Owner.GetAsync(url)))["data"]!;
        Assert.Equal("deleted", deleted["state"]!.GetValue<string>());
        await JsonApi.AssertErrorAsync(await org.Owner.PostAsync($"{url}/enable", null), HttpStatusCode.Conflict, "invalid_key_state");
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets?decrypt=true"), HttpStatusCode.BadRequest, "key_unavailable");
        var audit = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?project=my-app"));
        Assert.Equal(
            ["key.delete", "key.schedule_deletion", "key.cancel_deletion", "key.schedule_deletion"],
            audit["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Where(a => a != "key.retrieve").TakeWhile(a => a.StartsWith("key.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EnableAnActiveKey_Returns409()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("my-app");

        await JsonApi.AssertErrorAsync(await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/enable", null), HttpStatusCode.Conflict, "invalid_key_state");
    }
}
