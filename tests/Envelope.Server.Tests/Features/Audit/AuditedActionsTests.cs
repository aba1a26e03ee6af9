using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Users;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Audit;

/// <summary>
/// What issue 15 item 4 adds to the trail: every key retrieval, and every change of a setting or a role. (Sign-ins and
/// failed sign-ins: Features/SignIn/SignInAuditAndHashingTests; node delete, restore and purge:
/// Features/Recovery/RecoveryTests.EveryStep_IsAudited_WithWhoPathAndVersions.)
/// </summary>
public sealed class AuditedActionsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task EveryKeyRetrieval_IsAudited_WithTheVersionsItGave()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("my-app");
        await org.Owner.PostAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", null);
        var retriever = await org.ClientWithAbilitiesAsync("key:retrieve");

        Assert.Equal(HttpStatusCode.OK, (await retriever.GetAsync($"/api/v1/{org.Id}/my-app/encryption-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await retriever.GetAsync($"/api/v1/{org.Id}/my-app/encryption-key/history")).StatusCode);

        var retrievals = await EventsAsync(org, "key.retrieve");
        Assert.Equal(2, retrievals.Count);
        Assert.All(retrievals, e => Assert.Equal("my-app", e["subject"]!.GetValue<string>()));
        Assert.All(retrievals, e => Assert.NotNull(e["token_id"]));
        Assert.Equal([1, 2], retrievals[0]["details"]!["key_versions"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal([2], retrievals[1]["details"]!["key_versions"]!.AsArray().Select(v => v!.GetValue<int>()));
    }

    [Fact]
    public async Task KeysGivenBySecretReadsAndVersions_AreAuditedToo_AndReadsWithoutTheKeyAreNot()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("my-app");
        var version = await org.StoreAsync("my-app", null, null, "A=1\n");
        var retriever = await org.ClientWithAbilitiesAsync("key:retrieve", "secret:history");
        var historian = await org.ClientWithAbilitiesAsync("secret:read", "secret:history");
        var before = (await EventsAsync(org, "key.retrieve")).Count;

        Assert.Equal(HttpStatusCode.OK, (await retriever.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/retrieve", new { project = "my-app", action = "key:retrieve" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await retriever.GetAsync($"/api/v1/{org.Id}/secrets/versions/{version}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await historian.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/retrieve", new { project = "my-app", action = "read" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await historian.GetAsync($"/api/v1/{org.Id}/secrets/versions/{version}")).StatusCode);

        // The store above fetched its key with a retrieve too: only the events after it, newest first, are the reads'.
        var retrievals = (await EventsAsync(org, "key.retrieve")).ToList();
        Assert.Equal(before + 2, retrievals.Count);
        retrievals = retrievals[..2];
        Assert.Equal(("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (retrievals[0]["details"]!["via"]!.GetValue<string>(), retrievals[0]["subject"]!.GetValue<string>()));
        Assert.Equal([1], retrievals[0]["details"]!["key_versions"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal(("secrets", "my-app"), (retrievals[1]["details"]!["via"]!.GetValue<string>(), retrievals[1]["subject"]!.GetValue<string>()));
        Assert.All(retrievals, e => Assert.NotNull(e["project_id"]));
    }

    [Fact]
    public async Task ARefusedKeyRetrieval_WritesNoRetrieval()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("my-app");
        var reader = await org.ClientWithAbilitiesAsync("project:read");

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"/api/v1/{org.Id}/my-app/encryption-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await org.Owner.GetAsync($"/api/v1/{org.Id}/no-such-project/encryption-key")).StatusCode);

        Assert.Empty(await EventsAsync(org, "key.retrieve"));
    }

    [Fact]
    public async Task ASettingsChange_IsAudited_FromAndTo_AndAPatchThatChangesNothingIsNot()
    {
        var org = await app.CreateOrganizationAsync();
        var changed = await org.Owner.PatchAsync($"/api/v1/{org.Id}", JsonContent(new { recovery_window_days = 14 }));
        var unchanged = await org.Owner.PatchAsync($"/api/v1/{org.Id}", JsonContent(new { recovery_window_days = 14 }));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        var update = Assert.Single(await EventsAsync(org, "organization.update"));
        Assert.Equal(14, update["details"]!["recovery_window_days"]!["to"]!.GetValue<int>());
        Assert.NotEqual(14, update["details"]!["recovery_window_days"]!["from"]!.GetValue<int>());
        Assert.Null(update["details"]!["default_token_expiry_days"]);
        Assert.NotNull(update["token_id"]);
    }

    [Fact]
    public async Task AMembershipAndARoleChange_AreAudited()
    {
        var org = await app.CreateOrganizationAsync();
        string userId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var user = accounts.Create($"member-{Guid.NewGuid():N}@example.com", "correct horse battery staple");
            userId = user.Id;
            await accounts.SetRoleAsync(user, org.Id, MembershipRole.Member, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().SaveChangesAsync();
            await accounts.SetRoleAsync(user, org.Id, MembershipRole.Admin, CancellationToken.None);
            await accounts.SetRoleAsync(user, org.Id, MembershipRole.Admin, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().SaveChangesAsync();
        }

        var added = Assert.Single(await EventsAsync(org, "member.add"));
        var changed = Assert.Single(await EventsAsync(org, "member.role_change"));
        Assert.Equal(userId, added["subject"]!.GetValue<string>());
        Assert.Equal("member", added["details"]!["role"]!.GetValue<string>());
        Assert.Equal(userId, changed["subject"]!.GetValue<string>());
        Assert.Equal("member", changed["details"]!["from"]!.GetValue<string>());
        Assert.Equal("admin", changed["details"]!["to"]!.GetValue<string>());
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static async Task<List<JsonNode>> EventsAsync(TestOrganization org, string action) =>
        [.. (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action={action}&per_page=100")))["data"]!.AsArray().Select(e => e!)];
}
