using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Recovery;

/// <summary>
/// Deleting a project, target or environment that holds secrets moves it into the organization's recovery window:
/// invisible to every read and write, listed under /deleted, restorable whole, its slug reserved, until it is purged.
/// </summary>
public sealed class RecoveryTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task DeleteTarget_WithSecrets_KeepsItsHistory_AndHidesItFromEveryReadAndWrite()
    {
        var org = await SetUpAsync();
        var version = await org.StoreAsync("my-app", "backend", "production", "A=2\n");

        var deleted = await JsonApi.ReadAsync(await org.Owner.DeleteAsync($"/api/v1/{org.Id}/my-app/targets/backend"));

        Assert.Equal("target", deleted["data"]!["kind"]!.GetValue<string>());
        Assert.Equal(3, deleted["data"]!["versions"]!.GetValue<int>());
        AssertClose(app.Time.GetUtcNow().AddDays(7), deleted["data"]!["purge_at"]!);
        Assert.Contains("restore", deleted["message"]!.GetValue<string>(), StringComparison.Ordinal);
        string[] gone =
        [
            "my-app/targets/backend", "my-app/backend/environments", "my-app/backend/environments/production",
            "my-app/backend/secrets", "my-app/backend/production/secrets?decrypt=true&merge=true", $"secrets/versions/{version}",
        ];
        foreach (var path in gone)
        {
            await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/{path}"), HttpStatusCode.NotFound, "not_found");
        }

        var content = Envelope.Crypto.SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "B=1\n");
        await JsonApi.AssertErrorAsync(
            await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", target = "backend", environment = "production", content }),
            HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(
            await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "my-app", target = "backend" }), HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/targets")))["data"]!.AsArray());
        // The project level is untouched.
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets")).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        Assert.Equal(4, await db.SecretVersions.CountAsync(v => db.Projects.Any(p => p.Id == v.ProjectId && p.OrganizationId == org.Id)));
    }

    [Fact]
    public async Task RestoreTarget_BringsBackItsSecretsAndVersions()
    {
        var org = await SetUpAsync();
        var merged = await MergedAsync(org);
        var versionsBefore = await VersionCountAsync(org);
        var id = await DeleteAsync(org, "my-app/targets/backend");

        var restored = await org.Owner.PostAsync($"/api/v1/{org.Id}/deleted/{id}/restore", null);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(merged.ToJsonString(), (await MergedAsync(org)).ToJsonString());
        Assert.Equal(versionsBefore, await VersionCountAsync(org));
        Assert.Empty((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted")))["data"]!.AsArray());
    }

    [Fact]
    public async Task RestoreProject_DecryptsAgainWithItsKeys()
    {
        var org = await SetUpAsync();
        var merged = await MergedAsync(org);
        var id = await DeleteAsync(org, "projects/my-app");
        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects/my-app"), HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects")))["data"]!.AsArray());

        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsync($"/api/v1/{org.Id}/deleted/{id}/restore", null)).StatusCode);

        Assert.Equal(merged.ToJsonString(), (await MergedAsync(org)).ToJsonString());
    }

    [Fact]
    public async Task ListDeleted_ShowsKindPathWhoWhenPurgeAndVersions_Paginated()
    {
        var org = await SetUpAsync();
        await DeleteAsync(org, "my-app/backend/environments/production");
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await DeleteAsync(org, "my-app/targets/backend");

        var page = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted?per_page=1"));

        Assert.Equal(2, page["meta"]!["total"]!.GetValue<int>());
        var newest = Assert.Single(page["data"]!.AsArray())!;
        Assert.Equal("deleted_node", newest["type"]!.GetValue<string>());
        Assert.Equal("target", newest["kind"]!.GetValue<string>());
        Assert.Equal("my-app/backend", newest["path"]!.GetValue<string>());
        Assert.Equal("backend", newest["target"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(newest["deleted_by"]!.GetValue<string>()));
        AssertClose(app.Time.GetUtcNow(), newest["deleted_at"]!);
        AssertClose(app.Time.GetUtcNow().AddDays(7), newest["purge_at"]!);
        Assert.Equal(2, newest["versions"]!.GetValue<int>());
        var older = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted?per_page=1&page=2")))["data"]![0]!;
        Assert.Equal("my-app/backend/production", older["path"]!.GetValue<string>());
        Assert.True(older["parent_deleted"]!.GetValue<bool>());
        Assert.Equal(1, older["versions"]!.GetValue<int>());
    }

    [Fact]
    public async Task RestoreEnvironment_WhileItsTargetIsDeleted_Returns409()
    {
        var org = await SetUpAsync();
        var environment = await DeleteAsync(org, "my-app/backend/environments/production");
        await DeleteAsync(org, "my-app/targets/backend");

        var body = await JsonApi.AssertErrorAsync(await org.Owner.PostAsync($"/api/v1/{org.Id}/deleted/{environment}/restore", null), HttpStatusCode.Conflict, "parent_deleted");

        Assert.Contains("my-app/backend/production", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlugOfADeletedNode_IsReserved_ForCreateAndRename()
    {
        var org = await SetUpAsync();
        await org.CreateTargetAsync("my-app", "other");
        await org.CreateProjectAsync("spare");
        var purgeAt = app.Time.GetUtcNow().AddDays(7).ToString("u", System.Globalization.CultureInfo.InvariantCulture);
        await DeleteAsync(org, "my-app/targets/backend");
        await DeleteAsync(org, "projects/my-app");

        var create = await JsonApi.AssertErrorAsync(
            await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/projects", new { name = "my-app" }), HttpStatusCode.Conflict, "slug_reserved");
        Assert.Contains(purgeAt, create["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("deleted project", create["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await JsonApi.AssertErrorAsync(
            await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/projects/spare", new { slug = "my-app" }), HttpStatusCode.Conflict, "slug_reserved");

        await org.Owner.PostAsync($"/api/v1/{org.Id}/deleted/{await IdOfAsync(org, "my-app")}/restore", null);
        await JsonApi.AssertErrorAsync(
            await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/targets", new { name = "backend" }), HttpStatusCode.Conflict, "slug_reserved");
        await JsonApi.AssertErrorAsync(
            await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}/my-app/targets/other", new { slug = "backend" }), HttpStatusCode.Conflict, "slug_reserved");
    }

    [Fact]
    public async Task DeleteNode_HoldingNothing_IsErasedAtOnce()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await org.Owner.DeleteAsync($"/api/v1/{org.Id}/my-app/targets/backend")).StatusCode);

        Assert.Empty((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted")))["data"]!.AsArray());
        await org.CreateTargetAsync("my-app", "backend");
    }

    [Fact]
    public async Task PermanentDelete_NeedsSecretPurgeAndConfirmation()
    {
        var org = await SetUpAsync();
        var deleter = await org.ClientWithAbilitiesAsync("target:delete");
        var purger = await org.ClientWithAbilitiesAsync("target:delete", "secret:purge");
        var path = $"/api/v1/{org.Id}/my-app/targets/backend";

        var refused = await JsonApi.AssertErrorAsync(await deleter.DeleteAsync(path + "?permanent=true&confirm=backend"), HttpStatusCode.Forbidden, "insufficient_permissions");
        Assert.Equal("secret:purge", refused["details"]!["required_ability"]!.GetValue<string>());
        await JsonApi.AssertErrorAsync(await purger.DeleteAsync(path + "?permanent=true"), HttpStatusCode.UnprocessableEntity, "validation_failed");
        await JsonApi.AssertErrorAsync(await purger.DeleteAsync(path + "?permanent=true&confirm=wrong"), HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.GetAsync(path)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await purger.DeleteAsync(path + "?permanent=true&confirm=backend")).StatusCode);

        Assert.Empty((await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted")))["data"]!.AsArray());
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        Assert.False(await db.Targets.IgnoreQueryFilters().AnyAsync(t => t.Slug == "backend" && db.Projects.Any(p => p.Id == t.ProjectId && p.OrganizationId == org.Id)));
        await org.CreateTargetAsync("my-app", "backend");
    }

    [Fact]
    public async Task PurgeFromTheWindow_NeedsSecretPurgeAndConfirmation()
    {
        var org = await SetUpAsync();
        var id = await DeleteAsync(org, "my-app/targets/backend");
        var deleter = await org.ClientWithAbilitiesAsync("target:delete");
        var purger = await org.ClientWithAbilitiesAsync("target:delete", "secret:purge");
        var onlyPurge = await org.ClientWithAbilitiesAsync("secret:purge");

        await JsonApi.AssertErrorAsync(await deleter.DeleteAsync($"/api/v1/{org.Id}/deleted/{id}?confirm=backend"), HttpStatusCode.Forbidden, "insufficient_permissions");
        await JsonApi.AssertErrorAsync(await onlyPurge.DeleteAsync($"/api/v1/{org.Id}/deleted/{id}?confirm=backend"), HttpStatusCode.Forbidden, "insufficient_permissions");
        await JsonApi.AssertErrorAsync(await purger.DeleteAsync($"/api/v1/{org.Id}/deleted/{id}"), HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal(HttpStatusCode.NoContent, (await purger.DeleteAsync($"/api/v1/{org.Id}/deleted/{id}?confirm=backend")).StatusCode);

        await JsonApi.AssertErrorAsync(await org.Owner.PostAsync($"/api/v1/{org.Id}/deleted/{id}/restore", null), HttpStatusCode.NotFound, "not_found");
        await org.CreateTargetAsync("my-app", "backend");
    }

    [Fact]
    public async Task EveryStep_IsAudited_WithWhoPathAndVersions()
    {
        var org = await SetUpAsync();
        await org.CreateTargetAsync("my-app", "empty");
        await org.StoreAsync("my-app", "empty", null, "E=1\n");
        var environment = await DeleteAsync(org, "my-app/backend/environments/production");
        await org.Owner.PostAsync($"/api/v1/{org.Id}/deleted/{environment}/restore", null);
        await org.Owner.DeleteAsync($"/api/v1/{org.Id}/my-app/targets/empty?permanent=true&confirm=empty");
        var project = await DeleteAsync(org, "projects/my-app");
        await org.Owner.DeleteAsync($"/api/v1/{org.Id}/deleted/{project}?confirm=my-app");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var events = await db.AuditEvents
            .Where(e => e.OrganizationId == org.Id && (e.Action.StartsWith("project.") || e.Action.StartsWith("target.") || e.Action.StartsWith("environment.")))
            .Where(e => !e.Action.EndsWith(".create"))
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.Subject, e.TokenId, e.Details }).ToListAsync();
        Assert.Equal(
            ["environment.delete", "environment.restore", "target.destroy", "project.delete", "project.destroy"],
            events.Select(e => e.Action));
        Assert.Equal(["my-app/backend/production", "my-app/backend/production", "my-app/empty", "my-app", "my-app"], events.Select(e => e.Subject));
        Assert.All(events, e => Assert.NotNull(e.TokenId));
        Assert.Contains("\"versions\":1", events[0].Details, StringComparison.Ordinal);
        Assert.Contains("\"versions\":1", events[2].Details, StringComparison.Ordinal);
        Assert.Contains("\"versions\":3", events[4].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoveryWindow_IsAnOrganizationSetting_From1To30Days()
    {
        var org = await SetUpAsync();
        Assert.Equal(7, (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}")))["data"]!["settings"]!["recovery_window_days"]!.GetValue<int>());
        foreach (var days in new[] { 0, 31 })
        {
            await JsonApi.AssertErrorAsync(await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}", new { recovery_window_days = days }), HttpStatusCode.UnprocessableEntity, "validation_failed");
        }

        var updated = await JsonApi.ReadAsync(await org.Owner.PatchAsJsonAsync($"/api/v1/{org.Id}", new { recovery_window_days = 2 }));
        Assert.Equal(2, updated["data"]!["recovery_window_days"]!.GetValue<int>());

        var deleted = await JsonApi.ReadAsync(await org.Owner.DeleteAsync($"/api/v1/{org.Id}/my-app/targets/backend"));
        AssertClose(app.Time.GetUtcNow().AddDays(2), deleted["data"]!["purge_at"]!);
    }

    /// <summary>Times come back at the database's precision.</summary>
    private static void AssertClose(DateTimeOffset expected, JsonNode actual) =>
        Assert.InRange(actual.GetValue<DateTimeOffset>(), expected.AddMilliseconds(-1), expected.AddMilliseconds(1));

    private async Task<TestOrganization> SetUpAsync()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=project\nB=project\n");
        await org.StoreAsync("my-app", "backend", null, "B=target\n");
        await org.StoreAsync("my-app", "backend", "production", "C=environment\n");
        return org;
    }

    private static async Task<string> DeleteAsync(TestOrganization org, string path)
    {
        var response = await org.Owner.DeleteAsync($"/api/v1/{org.Id}/{path}");
        var body = await JsonApi.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["data"]!["id"]!.GetValue<string>();
    }

    private static async Task<string> IdOfAsync(TestOrganization org, string path)
    {
        var list = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/deleted"));
        return list["data"]!.AsArray().Single(n => n!["path"]!.GetValue<string>() == path)!["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> MergedAsync(TestOrganization org) =>
        (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true&merge=true")))["data"]!["attributes"]!["secrets"]!;

    private static async Task<int> VersionCountAsync(TestOrganization org)
    {
        var total = 0;
        foreach (var level in new object[] { new { project = "my-app" }, new { project = "my-app", target = "backend" }, new { project = "my-app", target = "backend", environment = "production" } })
        {
            total += (await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", level)))["meta"]!["total"]!.GetValue<int>();
        }

        return total;
    }
}
