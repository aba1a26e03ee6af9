using System.Net;
using System.Net.Http.Json;
using System.Text;
using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Telemetry;

public sealed class TelemetryEndpointsTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task RecordEvent_Valid_Returns202AndCountsItPerDay()
    {
        var name = UniqueName();
        var client = app.CreateClient();

        var first = await client.PostAsJsonAsync("/api/v1/telemetry", Event(name, durationMs: 100));
        var second = await client.PostAsJsonAsync("/api/v1/telemetry", Event(name, durationMs: 300));
        var third = await client.PostAsJsonAsync("/api/v1/telemetry", Event(name));
        var otherOs = await client.PostAsJsonAsync("/api/v1/telemetry", Event(name, os: "macos"));

        Assert.All([first, second, third, otherOs], r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var rows = await RowsAsync(name);
        Assert.Equal(2, rows.Count);
        var linux = rows.Single(r => r.Os == "linux");
        Assert.Equal((3L, 2L, 400L), (linux.Count, linux.TimedCount, linux.TotalDurationMs));
        Assert.Equal(("command", "1.2.3", true), (linux.Event, linux.CliVersion, linux.Success));
        Assert.Equal(DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime), linux.Day);
        Assert.Equal(1, rows.Single(r => r.Os == "macos").Count);
    }

    [Fact]
    public async Task RecordEvent_OnTheNextDay_StartsANewCount()
    {
        var name = UniqueName();
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/v1/telemetry", Event(name));

        app.Time.Advance(TimeSpan.FromDays(1));
        await client.PostAsJsonAsync("/api/v1/telemetry", Event(name));

        var rows = await RowsAsync(name);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(1, r.Count));
    }

    [Fact]
    public async Task RecordEvent_WithAToken_IsStillAnonymous()
    {
        var org = await app.CreateOrganizationAsync();
        var name = UniqueName();

        var response = await org.Owner.PostAsJsonAsync("/api/v1/telemetry", Event(name));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var row = Assert.Single(await RowsAsync(name));
        Assert.DoesNotContain(org.Id, System.Text.Json.JsonSerializer.Serialize(row), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"push","cli_version":"1.2.3","os":"linux","success":true}""", "event")]
    [InlineData("""{"event":"command","cli_version":"1.2.3","os":"linux","success":true}""", "name")]
    [InlineData("""{"event":"command","name":"Push Now","cli_version":"1.2.3","os":"linux","success":true}""", "name")]
    [InlineData("""{"event":"command","name":"user-at-example-com-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","cli_version":"1.2.3","os":"linux","success":true}""", "name")]
    [InlineData("""{"event":"command","name":"push","cli_version":"latest","os":"linux","success":true}""", "cli_version")]
    [InlineData("""{"event":"command","name":"push","cli_version":"1.2.3+build.abc","os":"linux","success":true}""", "cli_version")]
    [InlineData("""{"event":"command","name":"push","os":"linux","success":true}""", "cli_version")]
    [InlineData("""{"event":"command","name":"push","cli_version":"1.2.3","success":true}""", "os")]
    [InlineData("""{"event":"command","name":"push","cli_version":"1.2.3","os":"linux"}""", "success")]
    [InlineData("""{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":true,"duration_ms":-1}""", "duration_ms")]
    [InlineData("""{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":true,"duration_ms":86400001}""", "duration_ms")]
    public async Task RecordEvent_BreakingARule_Returns422NamingTheField(string json, string field)
    {
        var response = await app.CreateClient().PostAsync("/api/v1/telemetry", new StringContent(json, Encoding.UTF8, "application/json"));

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.NotNull(body["details"]![field]);
    }

    [Theory]
    [InlineData("""{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":true,"user_id":"alice"}""", "user_id")]
    [InlineData("""{"event":"crash","name":"push","cli_version":"1.2.3","os":"linux","success":true}""", "event")]
    [InlineData("""{"event":"command","name":"push","cli_version":"1.2.3","os":"plan9","success":true}""", "os")]
    [InlineData("""{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":"yes"}""", "success")]
    [InlineData("""{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":true,"duration_ms":99999999999}""", "duration_ms")]
    [InlineData("{\"event\":\"command\"", null)]
    [InlineData("null", null)]
    [InlineData("[]", null)]
    [InlineData("", null)]
    public async Task RecordEvent_WithAMalformedBody_Returns400(string json, string? field)
    {
        var response = await app.CreateClient().PostAsync("/api/v1/telemetry", new StringContent(json, Encoding.UTF8, "application/json"));

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.BadRequest, "malformed_json");
        if (field is not null)
        {
            Assert.NotNull(body["details"]![field]);
        }
    }

    [Fact]
    public async Task RecordEvent_OverFourKibibytes_Returns413()
    {
        var json = """{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":true}""" + new string(' ', 4096);

        var response = await app.CreateClient().PostAsync("/api/v1/telemetry", new StringContent(json, Encoding.UTF8, "application/json"));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task RecordEvent_OverFourKibibytesWithoutContentLength_Returns413()
    {
        var json = """{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":true}""" + new string(' ', 8192);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telemetry") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await app.CreateClient().SendAsync(request);

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task RecordEvent_AtExactlyFourKibibytes_IsAccepted()
    {
        var name = UniqueName();
        var compact = System.Text.Json.JsonSerializer.Serialize(Event(name));
        var json = compact + new string(' ', 4096 - Encoding.UTF8.GetByteCount(compact));

        var response = await app.CreateClient().PostAsync("/api/v1/telemetry", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task RecordEvent_AsForm_Returns415()
    {
        var response = await app.CreateClient().PostAsync("/api/v1/telemetry", new StringContent("event=command", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Summary_ForAnOwnerToken_ListsTheDailyCounts()
    {
        var org = await app.CreateOrganizationAsync();
        var name = UniqueName();
        await app.CreateClient().PostAsJsonAsync("/api/v1/telemetry", Event(name, durationMs: 100));
        await app.CreateClient().PostAsJsonAsync("/api/v1/telemetry", Event(name, durationMs: 200));

        var response = await org.Owner.GetAsync("/api/v1/telemetry/summary?days=7&per_page=100");

        var body = await JsonApi.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = body["data"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == name)!;
        Assert.Equal(2, row["count"]!.GetValue<long>());
        Assert.Equal(150, row["average_duration_ms"]!.GetValue<long>());
        Assert.Equal("linux", row["os"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summary_ForATokenThatIsNotAnOwner_Returns403()
    {
        var org = await app.CreateOrganizationAsync();
        var client = await org.ClientWithAbilitiesAsync("project:read");

        var response = await client.GetAsync("/api/v1/telemetry/summary");

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.Forbidden, "insufficient_permissions");
    }

    [Fact]
    public async Task Summary_WithoutAToken_Returns401()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/telemetry/summary");

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    private static object Event(string name, string os = "linux", int? durationMs = null) =>
        new Dictionary<string, object?>
        {
            ["event"] = "command", ["name"] = name, ["cli_version"] = "1.2.3", ["os"] = os, ["success"] = true, ["duration_ms"] = durationMs,
        }.Where(p => p.Value is not null).ToDictionary();

    // Each test counts its own command name, so tests sharing the database do not see each other's events.
    private static string UniqueName() => "cmd-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<List<Envelope.Server.Data.Entities.TelemetryCount>> RowsAsync(string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().TelemetryCounts.AsNoTracking().Where(c => c.Name == name).ToListAsync();
    }
}
