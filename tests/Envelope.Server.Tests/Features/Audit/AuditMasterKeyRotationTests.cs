using Envelope.Server.Features.Audit;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Audit;

/// <summary>
/// Checkpoints are signed with a key derived from the master key: <c>master-key rotate</c> signs them again with the
/// new one, so once the old master key is gone the trail still verifies, and a forged checkpoint is not laundered.
/// </summary>
public sealed class AuditMasterKeyRotationTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AfterAMasterKeyRotation_CheckpointsVerifyUnderTheNewKeyAlone_AndAForgeryIsStillNamed()
    {
        var nextKey = KnownSecrets.Register(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var keyFile = Path.Combine(_database.Directory, "new.key");
        await File.WriteAllTextAsync(keyFile, nextKey);
        string honestId, honestToken, forgedId, forgedToken;
        long forgedAt;
        int signedHonestly;
        await using (var host = await StartAsync())
        {
            var honest = await host.CreateOrganizationAsync();
            await honest.CreateProjectAsync("my-app");
            var forged = await host.CreateOrganizationAsync();
            await forged.CreateProjectAsync("my-app");
            await CheckpointAsync(host);
            await forged.StoreAsync("my-app", null, null, "A=1\n");
            (honestId, honestToken, forgedId, forgedToken) = (honest.Id, honest.OwnerToken, forged.Id, forged.OwnerToken);

            // Someone with write access signs the newest head themselves, under the current master key's id.
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Envelope.Server.Data.EnvelopeDbContext>();
            var head = await db.AuditEvents.Where(e => e.OrganizationId == forged.Id).OrderByDescending(e => e.Sequence).FirstAsync();
            var signed = await db.AuditCheckpoints.FirstAsync(c => c.OrganizationId == forged.Id);
            // One per organization with events: these two, and any the server made for itself (its default organization).
            signedHonestly = await db.AuditCheckpoints.CountAsync();
            forgedAt = head.Sequence;
            db.AuditCheckpoints.Add(new Envelope.Server.Data.Entities.AuditCheckpoint
            {
                OrganizationId = forged.Id, Sequence = head.Sequence, HeadHash = head.Hash, MasterKeyId = signed.MasterKeyId,
                Signature = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), CreatedAt = signed.CreatedAt,
            });
            await db.SaveChangesAsync();
        }

        var (exitCode, output, error) = await ServerCommand.RunAsync(_database, null, "master-key", "rotate", "--new-key-file", keyFile);

        Assert.True(exitCode == 0, error);
        Assert.Contains($"\"ResignedCheckpoints\":{signedHonestly}", output.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        await using var restarted = await StartAsync(new() { ["ENVELOPE_MASTER_KEY"] = nextKey });
        var honestVerification = await VerifyAsync(restarted, honestId, honestToken);
        var forgedVerification = await VerifyAsync(restarted, forgedId, forgedToken);

        Assert.True(honestVerification["valid"]!.GetValue<bool>(), honestVerification.ToJsonString());
        Assert.Equal(1, honestVerification["checkpoints_checked"]!.GetValue<int>());
        Assert.False(forgedVerification["valid"]!.GetValue<bool>());
        Assert.Equal("checkpoint_signature_invalid", forgedVerification["first_break"]!["reason"]!.GetValue<string>());
        Assert.Equal(forgedAt, forgedVerification["first_break"]!["sequence"]!.GetValue<long>());
        // The honest checkpoint before the forgery verified under the new key.
        Assert.Equal(1, forgedVerification["checkpoints_checked"]!.GetValue<int>());
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> VerifyAsync(EnvelopeApplication host, string orgId, string token) =>
        (await JsonApi.ReadAsync(await host.ClientWithToken(token).GetAsync($"/api/v1/{orgId}/audit-events/verify")))["data"]!;

    private static async Task CheckpointAsync(EnvelopeApplication host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditCheckpointWriter>().WriteAsync(CancellationToken.None);
    }

    private async Task<EnvelopeApplication> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var host = EnvelopeApplication.On(_database);
        // The test writes checkpoints itself; a node stopping would write one for the newest head too.
        host.Settings["ENVELOPE_AUDIT_CHECKPOINTS_ENABLED"] = "false";
        foreach (var (key, value) in settings ?? [])
        {
            host.Settings[key] = value;
        }

        await host.InitializeAsync();
        _ = host.Server;
        return host;
    }
}
