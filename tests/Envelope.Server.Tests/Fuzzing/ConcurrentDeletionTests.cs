using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>
/// Found by fuzzing: a write whose project (or version) another request deletes between the handler's lookup and the
/// project lock answered 500. The interceptor makes the race certain: it deletes the row just before the lock's UPDATE.
/// </summary>
public sealed class ConcurrentDeletionTests : IClassFixture<EnvelopeApplication>
{
    private readonly EnvelopeApplication _app;

    public ConcurrentDeletionTests(EnvelopeApplication app)
    {
        _app = app;
        if (app.ServiceOverrides.Count == 0)
        {
            app.ServiceOverrides.Add(services => services.AddSingleton<IInterceptor>(new DeleteBeforeLock()));
        }
    }

    private DeleteBeforeLock Deleter => _app.Services.GetServices<IInterceptor>().OfType<DeleteBeforeLock>().Single();

    [Fact]
    public async Task Store_ToAProjectDeletedBeforeItsLock_Answers404()
    {
        var org = await _app.CreateOrganizationAsync();
        await org.CreateProjectAsync("doomed");
        var content = Envelope.Crypto.SecretsBlob.Encrypt(await org.ProjectKeyAsync("doomed"), "A=1\n");

        var response = await WhileDeletingAsync(org, "doomed", () => org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", new { project = "doomed", content }));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Restore_InAProjectDeletedBeforeItsLock_Answers404()
    {
        var org = await _app.CreateOrganizationAsync();
        await org.CreateProjectAsync("doomed");
        await org.StoreAsync("doomed", null, null, "A=1\n");
        var versions = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "doomed" }));
        var id = versions["data"]![0]!["id"]!.GetValue<long>();

        var response = await WhileDeletingAsync(org, "doomed", () => org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions/{id}/restore", new { }));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CancelKeyDeletion_OfAProjectDeletedBeforeItsLock_Answers404()
    {
        var org = await _app.CreateOrganizationAsync();
        await org.CreateProjectAsync("doomed");
        var scheduled = await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/doomed/encryption-key/schedule-deletion", new { days = 7 });
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);

        var response = await WhileDeletingAsync(org, "doomed", () => org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/doomed/encryption-key/cancel-deletion", new { }));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteVersion_DeletedByAnotherRequestBeforeTheLock_Answers404()
    {
        var org = await _app.CreateOrganizationAsync();
        await org.CreateProjectAsync("kept");
        await org.StoreAsync("kept", null, null, "A=1\n");
        await org.StoreAsync("kept", null, null, "A=2\n");
        var versions = await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/versions", new { project = "kept" }));
        var oldest = versions["data"]![1]!["id"]!.GetValue<long>();

        var response = await WhileRunningAsync("DELETE FROM secret_versions WHERE \"Id\" = @id", oldest,
            () => org.Owner.DeleteAsync($"/api/v1/{org.Id}/secrets/versions/{oldest}"));

        await JsonApi.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private async Task<HttpResponseMessage> WhileDeletingAsync(TestOrganization org, string project, Func<Task<HttpResponseMessage>> request)
    {
        var projectId = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/projects/{project}")))["data"]!["id"]!.GetValue<string>();
        return await WhileRunningAsync("DELETE FROM projects WHERE \"Id\" = @id", projectId, request);
    }

    private async Task<HttpResponseMessage> WhileRunningAsync(string sql, object id, Func<Task<HttpResponseMessage>> request)
    {
        Deleter.Armed = new Deletion(sql, id);
        try
        {
            var response = await request();
            Assert.Null(Deleter.Armed);
            return response;
        }
        finally
        {
            Deleter.Armed = null;
        }
    }

    private sealed record Deletion(string Sql, object Id);

    /// <summary>Runs the armed deletion on the lock's own connection, just before the lock's UPDATE runs.</summary>
    private sealed class DeleteBeforeLock : DbCommandInterceptor
    {
        public volatile Deletion? Armed;

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Armed is { } deletion && command.CommandText.Contains("SecretsRevision", StringComparison.Ordinal)
                && command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase))
            {
                Armed = null;
                await using var delete = command.Connection!.CreateCommand();
                delete.Transaction = command.Transaction;
                delete.CommandText = deletion.Sql;
                var parameter = delete.CreateParameter();
                parameter.ParameterName = "@id";
                parameter.Value = deletion.Id;
                delete.Parameters.Add(parameter);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            return await base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
