using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Envelope.Crypto;
using Envelope.Server.Data;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Features.Secrets;

public sealed class SecretWriteAtomicityTests : IClassFixture<EnvelopeApplication>
{
    private readonly EnvelopeApplication _app;
    private readonly FailingVersionInsert _failure = new();

    public SecretWriteAtomicityTests(EnvelopeApplication app)
    {
        _app = app;
        if (app.ServiceOverrides.Count == 0)
        {
            app.ServiceOverrides.Add(services => services.AddSingleton<IInterceptor>(_failure));
        }
    }

    private FailingVersionInsert Failure => _app.Services.GetServices<IInterceptor>().OfType<FailingVersionInsert>().Single();

    [Fact]
    public async Task FiftyConcurrentStores_ToOneLevel_LeaveFiftyVersionsInOrder_AndTheNewestIsCurrent()
    {
        var org = await _app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var key = await org.ProjectKeyAsync("my-app");
        var writer = await org.ClientWithAbilitiesAsync("secret:write");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => writer.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new
        {
            project = "my-app", target = "backend", environment = "production", content = SecretsBlob.Encrypt(key, $"WRITER={i}\n"),
        })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
        var secret = await db.Secrets.SingleAsync(s => s.ProjectId == db.Projects.Single(p => p.OrganizationId == org.Id).Id);
        var versions = await db.SecretVersions.Where(v => v.SecretId == secret.Id).OrderBy(v => v.Id).ToListAsync();
        Assert.Equal(50, versions.Count);
        Assert.Equal(versions.Select(v => v.Id).Order(), versions.Select(v => v.Id));
        // Stored as v2, bound to the level: the server seals again what a v1 client sent.
        Assert.All(versions, v => Assert.True(SecretsBlob.IsV2(v.Content!)));
        Assert.Equal(50, versions.Select(v => SecretsBlob.TryOpen(key, v.Content!, new BlobPlace(org.Id, secret.ProjectId, secret.TargetId, secret.EnvironmentId, v.KeyVersion), out var text) == BlobOpenStatus.Opened ? text : null)
            .Where(t => t is not null).Distinct().Count());
        Assert.Equal(versions[^1].Id, secret.CurrentVersionId);
        Assert.Equal(versions[^1].Content, secret.Content);
        // The creation times follow the ids too: the id order is the commit order.
        Assert.Equal(versions.Select(v => v.CreatedAt).Order(), versions.Select(v => v.CreatedAt));
    }

    [Fact]
    public async Task Store_WhenTheVersionInsertFails_LeavesNoHalfWrite()
    {
        var org = await _app.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await org.StoreAsync("my-app", null, null, "A=before\n");
        var content = SecretsBlob.Encrypt(await org.ProjectKeyAsync("my-app"), "A=after\n");

        Failure.Armed = true;
        HttpResponseMessage response;
        try
        {
            response = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "my-app", content });
        }
        finally
        {
            Failure.Armed = false;
        }

        var body = await JsonApi.AssertErrorAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        Assert.DoesNotContain("secret_versions", body.ToJsonString(), StringComparison.Ordinal);
        var merged = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/my-app/secrets?decrypt=true&merge=true"));
        Assert.Equal("before", merged["data"]!["attributes"]!["secrets"]!["A"]!.GetValue<string>());
        var versions = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "my-app" }));
        Assert.Single(versions["data"]!.AsArray());
        var audit = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=secrets.store"));
        Assert.Single(audit["data"]!.AsArray());
    }

    /// <summary>Fails the INSERT into secret_versions while armed, as a full disk or a lost connection would.</summary>
    private sealed class FailingVersionInsert : DbCommandInterceptor
    {
        public volatile bool Armed;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            ThrowIfArmed(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            ThrowIfArmed(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void ThrowIfArmed(DbCommand command)
        {
            // SQLite quotes the table name, Npgsql does not.
            if (Armed && command.CommandText.Replace("\"", string.Empty, StringComparison.Ordinal).Contains("INSERT INTO secret_versions", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Injected failure: the version insert did not happen.");
            }
        }
    }
}
