using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Audit;

/// <summary>
/// The audit trail is tamper-evident: whoever can write to the database (threat model row c) and edits, deletes or cuts
/// off events, or forges a checkpoint, is named by <c>GET /audit-events/verify</c>. Each test tampers with SQL on the
/// server's own database, the way such an attacker would.
/// </summary>
public sealed class AuditChainTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task Verify_OfAnUntouchedTrail_IsValid_AndCountsEveryEventAndCheckpoint()
    {
        var org = await OrganizationWithEventsAsync();
        await CheckpointAsync();
        await org.StoreAsync("my-app", null, null, "A=3\n");

        var verification = await VerifyAsync(org);

        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
        var count = await CountAsync(org);
        Assert.Equal(count, verification["events_checked"]!.GetValue<long>());
        Assert.Equal(count, verification["head_sequence"]!.GetValue<long>());
        Assert.Equal(1, verification["checkpoints_checked"]!.GetValue<int>());
        Assert.Null(verification["first_break"]);
    }

    [Fact]
    public async Task AuditEvents_AreNumberedWithoutGaps_PerOrganization()
    {
        var one = await OrganizationWithEventsAsync();
        var two = await OrganizationWithEventsAsync();

        foreach (var org in new[] { one, two })
        {
            var events = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?per_page=100")))["data"]!.AsArray();
            Assert.Equal(Enumerable.Range(1, events.Count).Reverse().Select(i => (long)i), events.Select(e => e!["sequence"]!.GetValue<long>()));
            Assert.All(events, e => Assert.Matches("^[0-9a-f]{64}$", e!["hash"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Verify_NamesAnEditedEvent()
    {
        var org = await OrganizationWithEventsAsync();
        await CheckpointAsync();

        await SqlAsync(db => db.Database.ExecuteSqlAsync($"""UPDATE audit_events SET "Subject" = 'nothing-to-see' WHERE "OrganizationId" = {org.Id} AND "Sequence" = 2"""));

        await AssertBrokenAsync(org, 2, "hash_mismatch");
    }

    [Fact]
    public async Task Verify_NamesAnEditedEvent_WhoseHashWasRecomputed_ByTheCheckpointAfterIt()
    {
        var org = await OrganizationWithEventsAsync();
        var head = await CountAsync(org);
        await CheckpointAsync();

        // An attacker who knows the chain's format (it is documented) rewrites the newest event and its hash; without
        // the audit key they cannot sign a checkpoint for the new head.
        await SqlAsync(async db =>
        {
            var events = await db.AuditEvents.Where(e => e.OrganizationId == org.Id).OrderBy(e => e.Sequence).ToListAsync();
            var forged = new AuditEvent
            {
                OrganizationId = org.Id, Action = events[^1].Action, TokenId = null, ProjectId = events[^1].ProjectId,
                Subject = "someone-else", Details = events[^1].Details, CreatedAt = events[^1].CreatedAt, Sequence = head,
            };
            var hash = AuditChain.Hash(forged, events[^2].Hash);
            return await db.Database.ExecuteSqlAsync(
                $"""UPDATE audit_events SET "Subject" = 'someone-else', "TokenId" = NULL, "Hash" = {hash} WHERE "OrganizationId" = {org.Id} AND "Sequence" = {head}""");
        });

        await AssertBrokenAsync(org, head, "hash_mismatch");
    }

    [Fact]
    public async Task Verify_NamesADeletedEvent()
    {
        var org = await OrganizationWithEventsAsync();

        await SqlAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM audit_events WHERE "OrganizationId" = {org.Id} AND "Sequence" = 3"""));

        await AssertBrokenAsync(org, 3, "sequence_gap");
    }

    [Fact]
    public async Task Verify_NamesADeletedFirstEvent()
    {
        var org = await OrganizationWithEventsAsync();

        await SqlAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM audit_events WHERE "OrganizationId" = {org.Id} AND "Sequence" = 1"""));

        await AssertBrokenAsync(org, 1, "sequence_gap");
    }

    [Fact]
    public async Task Verify_NamesTruncation_OfTheNewestEvents_AfterACheckpoint()
    {
        var org = await OrganizationWithEventsAsync();
        var head = await CountAsync(org);
        await CheckpointAsync();

        // Without the checkpoint, a cut-off chain is a shorter valid chain: the signed head is what shows the cut.
        await SqlAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM audit_events WHERE "OrganizationId" = {org.Id} AND "Sequence" >= {head - 1}"""));

        await AssertBrokenAsync(org, head - 1, "truncated");
    }

    [Fact]
    public async Task Verify_NamesAForgedCheckpoint()
    {
        var org = await OrganizationWithEventsAsync();
        var head = await CountAsync(org);
        await CheckpointAsync();

        // Cut the trail and replace the checkpoint with one for the new head, signed with a key that is not the server's.
        await SqlAsync(async db =>
        {
            var newHead = await db.AuditEvents.Where(e => e.OrganizationId == org.Id && e.Sequence == head - 1).Select(e => e.Hash).SingleAsync();
            await db.Database.ExecuteSqlAsync($"""DELETE FROM audit_events WHERE "OrganizationId" = {org.Id} AND "Sequence" = {head}""");
            var forged = System.Security.Cryptography.HMACSHA256.HashData(new byte[32], Convert.FromHexString(newHead));
            return await db.Database.ExecuteSqlAsync(
                $"""UPDATE audit_checkpoints SET "Sequence" = {head - 1}, "HeadHash" = {newHead}, "Signature" = {Convert.ToHexStringLower(forged)} WHERE "OrganizationId" = {org.Id}""");
        });

        await AssertBrokenAsync(org, head - 1, "checkpoint_signature_invalid");
    }

    [Fact]
    public async Task Verify_OfOneOrganization_IsNotBrokenByTamperingWithAnother()
    {
        var victim = await OrganizationWithEventsAsync();
        var other = await OrganizationWithEventsAsync();

        await SqlAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM audit_events WHERE "OrganizationId" = {victim.Id} AND "Sequence" = 2"""));

        Assert.True((await VerifyAsync(other))["valid"]!.GetValue<bool>());
        await AssertBrokenAsync(victim, 2, "sequence_gap");
    }

    [Fact]
    public async Task Checkpoints_AreWrittenOnlyForOrganizationsWithNewEvents()
    {
        var org = await OrganizationWithEventsAsync();
        await CheckpointAsync();

        var again = await CheckpointAsync();
        await org.StoreAsync("my-app", null, null, "A=4\n");
        var afterNewEvent = await CheckpointAsync();

        Assert.Equal(0, again);
        Assert.Equal(1, afterNewEvent);
        Assert.Equal(2, (await VerifyAsync(org))["checkpoints_checked"]!.GetValue<int>());
    }

    [Fact]
    public async Task AppendingConcurrently_NeverForksTheChain()
    {
        var org = await app.CreateOrganizationAsync();
        var projects = Enumerable.Range(0, 3).Select(i => $"p{i}").ToList();
        foreach (var project in projects)
        {
            await org.CreateProjectAsync(project);
        }

        // Writers on different projects take different row locks; only the chain's lock orders their audit events.
        await Task.WhenAll(projects.SelectMany(project => Enumerable.Range(0, 8).Select(i => org.StoreAsync(project, null, null, $"A={i}\n"))));

        var verification = await VerifyAsync(org);
        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
        Assert.Equal(await CountAsync(org), verification["events_checked"]!.GetValue<long>());
    }

    [Fact]
    public async Task AuditTimes_RoundTripToTheMicrosecond()
    {
        var org = await app.CreateOrganizationAsync();
        app.Time.Advance(TimeSpan.FromTicks(1234567));
        await org.CreateProjectAsync("timed");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var stored = await db.AuditEvents.Where(e => e.OrganizationId == org.Id).OrderByDescending(e => e.Sequence).Select(e => e.CreatedAt).FirstAsync();
        Assert.Equal(AuditChain.Truncate(app.Time.GetUtcNow()), stored);
        Assert.NotEqual(0, stored.UtcTicks / 10 % 100);
    }

    [Fact]
    public async Task Verify_NeedsAuditRead()
    {
        var org = await app.CreateOrganizationAsync();
        var reader = await org.ClientWithAbilitiesAsync("audit:read");
        var other = await org.ClientWithAbilitiesAsync("project:read");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/{org.Id}/audit-events/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/{org.Id}/audit-events/verify")).StatusCode);
    }

    [Fact]
    public async Task Hash_IsTheSameForTheSameValue_AndLooksLikeVaults()
    {
        var org = await app.CreateOrganizationAsync();

        async Task<string> HashAsync(string value) =>
            (await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/audit-events/hash", new { value })))["data"]!["hash"]!.GetValue<string>();

        var first = await HashAsync("203.0.113.7");
        Assert.Matches("^hmac-sha256:[0-9a-f]{64}$", first);
        Assert.Equal(first, await HashAsync("203.0.113.7"));
        Assert.NotEqual(first, await HashAsync("203.0.113.8"));
    }

    private async Task<TestOrganization> OrganizationWithEventsAsync()
    {
        var org = await app.CreateOrganizationAsync();
        await org.CreateProjectAsync("my-app");
        await org.StoreAsync("my-app", null, null, "A=1\n");
        await org.StoreAsync("my-app", null, null, "A=2\n");
        await org.CreateTokenAsync(["project:read"]);
        return org;
    }

    private async Task AssertBrokenAsync(TestOrganization org, long sequence, string reason)
    {
        var verification = await VerifyAsync(org);
        Assert.False(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
        Assert.Equal(reason, verification["first_break"]!["reason"]!.GetValue<string>());
        Assert.Equal(sequence, verification["first_break"]!["sequence"]!.GetValue<long>());
    }

    private static async Task<JsonNode> VerifyAsync(TestOrganization org)
    {
        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonApi.ReadAsync(response))["data"]!;
    }

    private async Task<int> CheckpointAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditCheckpointWriter>().WriteAsync(CancellationToken.None);
    }

    private async Task<long> CountAsync(TestOrganization org)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().AuditEvents.LongCountAsync(e => e.OrganizationId == org.Id);
    }

    private async Task SqlAsync(Func<EnvelopeDbContext, Task<int>> tamper)
    {
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await tamper(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>()) > 0);
    }
}
