using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Audit;

/// <summary>
/// The JSON-lines sink (ENVELOPE_AUDIT_SINK_PATH), Vault's file audit device: one line per event, as stored, never a
/// value; and, when ENVELOPE_AUDIT_SINK_REQUIRED, Vault's blocking semantics: a change whose event cannot be written
/// to the sink is refused whole.
/// </summary>
public sealed class AuditSinkTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("envelope-audit-sink-").FullName;

    private string SinkPath => Path.Combine(_directory, "audit.jsonl");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EveryEvent_IsOneJsonLine_WithTheTablesFields_AndNoValue()
    {
        await using var app = await StartAsync(required: false);
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", "backend", "production", "DATABASE_PASSWORD=sink-must-not-see-7f3a9\n");

        var lines = await File.ReadAllLinesAsync(SinkPath);
        var events = lines.Select(line => JsonNode.Parse(line)!).ToList();
        var table = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?per_page=100")))["data"]!.AsArray();

        Assert.Equal(table.Count, events.Count(e => e["organization_id"]!.GetValue<string>() == org.Id));
        Assert.All(events, e => Assert.Equal("audit_event", e["type"]!.GetValue<string>()));
        var stored = events.Last(e => e["action"]!.GetValue<string>() == "secrets.store");
        var row = table.First(e => e!["action"]!.GetValue<string>() == "secrets.store")!;
        Assert.Equal(row["sequence"]!.GetValue<long>(), stored["sequence"]!.GetValue<long>());
        Assert.Equal(row["hash"]!.GetValue<string>(), stored["hash"]!.GetValue<string>());
        Assert.Equal(row["subject"]!.GetValue<string>(), stored["subject"]!.GetValue<string>());
        Assert.DoesNotContain("sink-must-not-see-7f3a9", string.Join('\n', lines), StringComparison.Ordinal);
        Assert.Empty(KnownSecrets.FoundIn(lines));
    }

    [Fact]
    public async Task ARequiredSinkThatCannotBeWritten_RefusesTheChange_With503_AndNothingIsCommitted()
    {
        await using var app = await StartAsync(required: true);
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var version = await org.StoreAsync("my-app", "backend", "production", "A=1\n");
        // Fetched while the sink works: a key retrieval is audited too, and refused as well once the sink fails.
        var content = Envelope.Crypto.SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "A=2\n");
        var eventsBefore = await CountAsync(org);

        // The file becomes a directory: no write can append to it, whoever the server runs as.
        File.Delete(SinkPath);
        Directory.CreateDirectory(SinkPath);
        var refused = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", target = "backend", environment = "production", content }, JsonApi.Options);

        await JsonApi.AssertErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "audit_unavailable");
        Directory.Delete(SinkPath);
        Assert.Equal(eventsBefore, await CountAsync(org));
        var secrets = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/backend/production/secrets?decrypt=true&merge=true"));
        Assert.Equal("1", secrets["data"]!["attributes"]!["secrets"]!["A"]!.GetValue<string>());
        var versions = (await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "my-app", target = "backend", environment = "production" })))["data"]!.AsArray();
        Assert.Equal([version], versions.Select(v => v!["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task ASinkThatIsNotRequired_AndCannotBeWritten_LetsTheChangeThrough()
    {
        await using var app = await StartAsync(required: false);
        var org = await app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        File.Delete(SinkPath);
        Directory.CreateDirectory(SinkPath);
        await org.StoreAsync("my-app", "backend", "production", "A=1\n");

        Assert.Contains(app.Logs.Lines, line => line.Contains("audit sink could not be written", StringComparison.Ordinal));
    }

    private async Task<EnvelopeApplication> StartAsync(bool required)
    {
        var app = new EnvelopeApplication();
        app.Settings["ENVELOPE_AUDIT_SINK_PATH"] = SinkPath;
        app.Settings["ENVELOPE_AUDIT_SINK_REQUIRED"] = required ? "true" : "false";
        await app.InitializeAsync();
        _ = app.Server;
        return app;
    }

    private static async Task<int> CountAsync(TestOrganization org) =>
        (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?per_page=100")))["data"]!.AsArray().Count;
}
