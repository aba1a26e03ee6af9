using System.Net;
using System.Net.Http.Json;
using Envelope.Crypto;
using Envelope.Server.Data;
using Envelope.Server.Data.Sqlite;
using Envelope.Server.Tests.Features.Secrets;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.EncryptionKeys;

/// <summary>Rotations racing each other and history re-encryption racing a rotation.</summary>
public sealed class RotationConcurrencyTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task RotateServerKeys_ConcurrentlyAcrossTwelveProjectsOfOneOrganization_ExactlyTenPass()
    {
        var org = await app.CreateOrganizationAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Twelve projects are beyond the free plan's three.
            await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().Organizations.Where(o => o.Id == org.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.PlanName, "team"));
        }

        var projects = Enumerable.Range(0, 12).Select(i => $"p{i}").ToList();
        foreach (var project in projects)
        {
            await org.CreateProjectAsync(project);
        }

        var responses = await Task.WhenAll(projects.Select(p => org.Owner.PostAsync($"/api/v1/{org.Id}/{p}/encryption-key/rotate", null)));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await JsonApi.AssertErrorAsync(refused, (HttpStatusCode)429, "rate_limited");
        }
    }

    [Fact]
    public async Task PendingHistory_SpecExample_WhileAClientRotationIsInProgress_Returns409()
    {
        var org = await app.CreateOrganizationAsync();
        var key = await ClientManagedSecretsTests.CreateClientManagedProjectAsync(org, "vault");
        var stored = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "vault", content = SecretsBlob.Encrypt(ClientKey.Pad(key.Key), "A=1\n"), key_proof = key.Proof });
        var secretId = (await JsonApi.ReadAsync(stored))["data"]!["secret_id"]!.GetValue<string>();
        var next = NewKey();

        Task<HttpResponseMessage> rotation;
        HttpResponseMessage during;
        var holder = await HoldRotationsCommitAsync(org.Id);
        try
        {
            rotation = org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/vault/secrets/rotate-client-keys", new
            {
                secrets = new[] { new { id = secretId, content = SecretsBlob.Encrypt(ClientKey.Pad(next.Key), "A=1\n") } },
                key_check = next.Proof,
                key_check_salt = Convert.ToBase64String(next.Salt),
                key_check_iterations = KeyProof.MinimumIterations,
                key_proof = key.Proof,
            });
            during = await PendingWhenConflictAsync(org);
            Assert.False(rotation.IsCompleted);
        }
        finally
        {
            await holder.DisposeAsync();
        }

        var rotated = await rotation.WaitAsync(TimeSpan.FromSeconds(30));
        var body = await JsonApi.AssertErrorAsync(during, HttpStatusCode.Conflict, "rotation_in_progress");
        Assert.Contains("rotation", body["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var after = await org.Owner.PostAsync($"/api/v1/{org.Id}/vault/secrets/re-encrypt-history/pending",
            new StringContent("""{ "limit": 50 }""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, (await JsonApi.ReadAsync(after))["meta"]!["remaining"]!.GetValue<int>());
    }

    /// <summary>
    /// Holds what a client rotation waits for once it has claimed the project: SQLite's write queue, or on PostgreSQL
    /// the organization's audit-chain lock its commit needs. Either way the rotation is under way but cannot finish.
    /// </summary>
    private async Task<Holder> HoldRotationsCommitAsync(string organizationId)
    {
        var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        if (db.Database.IsSqlite())
        {
            var held = await app.Services.GetRequiredService<SqliteWriteGate>().EnterAsync(CancellationToken.None);
            return new Holder(scope, held, null);
        }

        var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"envelope audit chain " + organizationId}, 0))");
        return new Holder(scope, null, transaction);
    }

    private static async Task<HttpResponseMessage> PendingWhenConflictAsync(TestOrganization org)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await org.Owner.PostAsync($"/api/v1/{org.Id}/vault/secrets/re-encrypt-history/pending",
                new StringContent("""{ "limit": 50 }""", System.Text.Encoding.UTF8, "application/json"));
            if (response.StatusCode == HttpStatusCode.Conflict || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(50);
        }
    }

    private static ClientManagedSecretsTests.TestClientKey NewKey()
    {
        var key = ClientKey.Generate();
        var salt = KeyProof.GenerateSalt();
        return new(key, salt, KeyProof.Compute(key, salt, KeyProof.MinimumIterations));
    }

    private sealed class Holder(AsyncServiceScope scope, IDisposable? gate, IDbContextTransaction? transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            gate?.Dispose();
            if (transaction is not null)
            {
                await transaction.RollbackAsync();
                await transaction.DisposeAsync();
            }

            await scope.DisposeAsync();
        }
    }
}
