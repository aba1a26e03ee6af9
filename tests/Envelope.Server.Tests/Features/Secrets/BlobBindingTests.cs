using System.Net;
using System.Net.Http.Json;
using Envelope.Crypto;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Tests.Features.EncryptionKeys;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Secrets;

/// <summary>Blob format v2: every blob the server keeps is bound to its level and key version; v1 still reads.</summary>
public sealed class BlobBindingTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task Store_OfAV1Blob_IsKeptAsV2_BoundToItsLevel_WhoseIdsTheReadReports()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");

        var levels = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets")))["data"]!["attributes"]!["levels"]!;

        var environment = levels["environment"]!;
        Assert.StartsWith(SecretsBlob.V2Prefix, environment["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var (project, target, env) = await IdsAsync(org);
        Assert.Equal(new BlobPlace(org.Id, project, target, env, 1), TestBlobs.PlaceOf(environment));
        Assert.Equal("A=1\n", TestBlobs.Open(await org.ProjectKeyAsync("my-app"), environment));
    }

    [Fact]
    public async Task Read_Ciphertext_ReportsThePlaceOfTheLevelAskedFor_EvenBeforeItHoldsABlob()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var (project, target, environment) = await IdsAsync(org);

        var empty = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets")))["data"]!["attributes"]!;
        var above = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/secrets")))["data"]!["attributes"]!;

        // What a client-managed client binds its first blob at that level to, with the key version it seals under.
        Assert.Equal(new BlobPlace(org.Id, project, target, environment, 1), TestBlobs.PlaceOf(new System.Text.Json.Nodes.JsonObject { ["place"] = empty["place"]!.DeepClone(), ["key_version"] = 1 }));
        Assert.Equal(new BlobPlace(org.Id, project, target, null, 1), TestBlobs.PlaceOf(new System.Text.Json.Nodes.JsonObject { ["place"] = above["place"]!.DeepClone(), ["key_version"] = 1 }));
        Assert.Null(above["place"]!["environment_id"]);
    }

    [Fact]
    public async Task Read_OfABlobCopiedToAnotherLevelInTheDatabase_AnswersBlobBoundElsewhere_NotTheOtherLevelsSecrets()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.CreateEnvironmentAsync("my-app", "backend", "staging");
        await org.StoreAsync("my-app", "backend", "production", "DB=production\n");
        await org.StoreAsync("my-app", "backend", "staging", "DB=staging\n");

        // A database writer copies production's blob onto staging's row.
        await WithDbAsync(async db =>
        {
            var (_, target, production) = await IdsAsync(org);
            var staging = await db.Environments.Where(e => e.TargetId == target && e.Slug == "staging").Select(e => e.Id).SingleAsync();
            var content = await db.Secrets.Where(s => s.EnvironmentId == production).Select(s => s.Content).SingleAsync();
            Assert.Equal(1, await db.Secrets.Where(s => s.EnvironmentId == staging).ExecuteUpdateAsync(s => s.SetProperty(x => x.Content, content)));
        });

        var read = await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/staging/secrets?decrypt=true&merge=true");

        var error = await JsonApi.AssertErrorAsync(read, HttpStatusCode.Conflict, "blob_bound_elsewhere");
        Assert.DoesNotContain("production", error.ToJsonString(), StringComparison.Ordinal);
        var untouched = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true&merge=true"));
        Assert.Equal("production", untouched["data"]!["attributes"]!["secrets"]!["DB"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_OfABlobFromAnOlderKeyVersion_PutUnderTheCurrentOne_AnswersBlobBoundElsewhere()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var first = await org.StoreAsync("my-app", null, null, "A=1\n");
        await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "keep" });
        await org.StoreAsync("my-app", null, null, "A=2\n");

        // The version sealed under key 1 becomes the current content of a row that records key 2.
        await WithDbAsync(async db =>
        {
            var old = await db.SecretVersions.Where(v => v.Id == first).Select(v => v.Content).SingleAsync();
            var projectId = await db.Projects.Where(p => p.OrganizationId == org.Id).Select(p => p.Id).SingleAsync();
            Assert.Equal(1, await db.Secrets.Where(s => s.ProjectId == projectId && s.Level == SecretLevel.Project)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Content, old)));
        });

        var read = await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets?decrypt=true");

        await JsonApi.AssertErrorAsync(read, HttpStatusCode.Conflict, "blob_bound_elsewhere");
    }

    [Fact]
    public async Task Read_OfAV1BlobInTheDatabase_StillDecrypts()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", "backend", null, "A=before\n");
        var v1 = SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "A=v1\n");
        await WithDbAsync(async db =>
        {
            var (_, target, _) = await IdsAsync(org);
            Assert.Equal(1, await db.Secrets.Where(s => s.TargetId == target && s.Level == SecretLevel.Target).ExecuteUpdateAsync(s => s.SetProperty(x => x.Content, v1)));
        });

        var read = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/secrets?decrypt=true&merge=true"));

        Assert.Equal("v1", read["data"]!["attributes"]!["secrets"]!["A"]!.GetValue<string>());
    }

    [Fact]
    public async Task Store_OfAV2BlobSealedForAnotherLevel_IsRefused()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var (project, target, environment) = await IdsAsync(org);
        var key = await org.ProjectKeyAsync("my-app");
        var forProduction = SecretsBlob.Seal(key, "A=1\n", new BlobPlace(org.Id, project, target, environment, 1));
        var forTarget = SecretsBlob.Seal(key, "A=1\n", new BlobPlace(org.Id, project, target, null, 1));

        var refused = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", target = "backend", content = forProduction });
        var accepted = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", target = "backend", content = forTarget });

        await JsonApi.AssertErrorAsync(refused, HttpStatusCode.UnprocessableEntity, "content_not_decryptable");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var levels = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/secrets")))["data"]!["attributes"]!["levels"]!;
        Assert.Equal(forTarget, levels["target"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReEncryption_RewritesV1HistoryAsV2_BoundToEachVersionsLevel()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var key = await org.ProjectKeyAsync("my-app");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await org.StoreAsync("my-app", "backend", "production", $"N={i}\n"));
        }

        // History written before v2 existed.
        await WithDbAsync(async db =>
        {
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                var v1 = SecretsBlob.Encrypt(key, $"N={i}\n");
                await db.SecretVersions.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Content, v1));
            }
        });
        var rotated = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/my-app/encryption-key/rotate", new { history_policy = "re_encrypt" }));
        var job = await ServerKeyRotationTests.WaitForJobAsync(org, rotated["data"]!["job"]!["id"]!.GetValue<string>());

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        var newKey = Convert.FromBase64String(rotated["data"]!["key"]!["key"]!.GetValue<string>());
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var version = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/secrets/versions/{id}")))["data"]!;
            Assert.StartsWith(SecretsBlob.V2Prefix, version["content"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal($"N={i}\n", TestBlobs.Open(newKey, version));
        }
    }

    [Fact]
    public async Task Restore_OfAVersionCopiedFromAnotherLevel_AnswersBlobBoundElsewhere()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var fromProject = await org.StoreAsync("my-app", null, null, "A=project\n");
        var production = await org.StoreAsync("my-app", "backend", "production", "A=production\n");
        await WithDbAsync(async db =>
        {
            var content = await db.SecretVersions.Where(v => v.Id == fromProject).Select(v => v.Content).SingleAsync();
            await db.SecretVersions.Where(v => v.Id == production).ExecuteUpdateAsync(s => s.SetProperty(x => x.Content, content));
        });

        var restore = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{production}/restore", new { });

        await JsonApi.AssertErrorAsync(restore, HttpStatusCode.Conflict, "blob_bound_elsewhere");
    }

    private async Task WithDbAsync(Func<EnvelopeDbContext, Task> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>());
    }

    private async Task<(string Project, string Target, string Environment)> IdsAsync(TestOrganization org)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var project = await db.Projects.Where(p => p.OrganizationId == org.Id && p.Slug == "my-app").Select(p => p.Id).SingleAsync();
        var target = await db.Targets.Where(t => t.ProjectId == project && t.Slug == "backend").Select(t => t.Id).SingleAsync();
        var environment = await db.Environments.Where(e => e.TargetId == target && e.Slug == "production").Select(e => e.Id).SingleAsync();
        return (project, target, environment);
    }
}
