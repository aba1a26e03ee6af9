using System.Diagnostics;
using System.Net;
using System.Text;
using Envelope.Client.Models;
using Envelope.Client.Tests.Infrastructure;

namespace Envelope.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class RetryPolicyTests(EnvelopeServer server)
{
    private static readonly LevelPath Production = new("app", "web", "prod");

    [Fact]
    public async Task Store_429WithRetryAfter_WaitsTheDelayAndRetries()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var content = await EncryptAsync(org, "A=1\n");
        var handler = new ScriptedHandler(server.Server.CreateHandler()).Then(_ => Answer(HttpStatusCode.TooManyRequests, retryAfterSeconds: 1));
        var client = org.NewClient(org.OwnerToken, handler).Organization(org.Id);

        var clock = Stopwatch.StartNew();
        var stored = await client.Secrets.StoreAsync(Production, content);

        Assert.Equal(2, handler.AttemptsAt("/secrets/store"));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}");
        Assert.Single(await ListVersionsAsync(org));
        Assert.NotNull(stored.Version);
    }

    [Fact]
    public async Task Store_503WithRetryAfter_IsRetried()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var content = await EncryptAsync(org, "A=1\n");
        var handler = new ScriptedHandler(server.Server.CreateHandler()).Then(_ => Answer(HttpStatusCode.ServiceUnavailable, retryAfterSeconds: 0));

        await org.NewClient(org.OwnerToken, handler).Organization(org.Id).Secrets.StoreAsync(Production, content);

        Assert.Equal(2, handler.AttemptsAt("/secrets/store"));
    }

    [Fact]
    public async Task Store_500_IsNotRetriedBecauseTheServerMayHaveWritten()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var content = await EncryptAsync(org, "A=1\n");
        var handler = new ScriptedHandler(server.Server.CreateHandler()).Then(_ => Answer(HttpStatusCode.InternalServerError));

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.NewClient(org.OwnerToken, handler).Organization(org.Id).Secrets.StoreAsync(Production, content));

        Assert.Equal(EnvelopeErrorCodes.InternalError, e.ErrorCode);
        Assert.Equal(1, handler.AttemptsAt("/secrets/store"));
    }

    [Fact]
    public async Task Store_BrokenConnectionAfterSending_IsNotRetried()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var content = await EncryptAsync(org, "A=1\n");
        var handler = new ScriptedHandler(server.Server.CreateHandler()).Then(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        await Assert.ThrowsAsync<HttpRequestException>(() => org.NewClient(org.OwnerToken, handler).Organization(org.Id).Secrets.StoreAsync(Production, content));

        Assert.Equal(1, handler.AttemptsAt("/secrets/store"));
    }

    [Fact]
    public async Task Store_ConnectionRefused_IsRetriedBecauseNothingReachedTheServer()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var content = await EncryptAsync(org, "A=1\n");
        var handler = new ScriptedHandler(server.Server.CreateHandler()).Then(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused."));

        await org.NewClient(org.OwnerToken, handler).Organization(org.Id).Secrets.StoreAsync(Production, content);

        Assert.Equal(2, handler.AttemptsAt("/secrets/store"));
        Assert.Single(await ListVersionsAsync(org));
    }

    [Fact]
    public async Task Get_TransientFailures_AreRetriedWithBackoff()
    {
        using var org = await server.CreateOrganizationAsync();
        var handler = new ScriptedHandler(server.Server.CreateHandler())
            .Then(_ => Answer(HttpStatusCode.ServiceUnavailable))
            .Then(_ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))
            .Then(_ => Answer(HttpStatusCode.BadGateway));

        var me = await org.NewClient(org.OwnerToken, handler).GetMeAsync();

        Assert.Equal(org.Id, me.Organization.Id);
        Assert.Equal(4, handler.AttemptsAt("/me"));
    }

    [Fact]
    public async Task Get_FailingMoreThanMaxRetryAttempts_ThrowsTheLastError()
    {
        using var org = await server.CreateOrganizationAsync();
        var handler = new ScriptedHandler(server.Server.CreateHandler());
        for (var i = 0; i < 5; i++)
        {
            handler.Then(_ => Answer(HttpStatusCode.InternalServerError));
        }

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.NewClient(org.OwnerToken, handler, o => o.MaxRetryAttempts = 2).GetMeAsync());

        Assert.Equal(EnvelopeErrorCodes.InternalError, e.ErrorCode);
        Assert.Equal(3, handler.AttemptsAt("/me"));
    }

    [Fact]
    public async Task RotateServerKey_EleventhWithinAnHour_ThrowsRateLimitedAtOnceWithRetryAfter()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.Owner.Projects.CreateAsync(new CreateProjectRequest { Name = "app" });
        var handler = new ScriptedHandler(server.Server.CreateHandler());
        var keys = org.NewClient(org.OwnerToken, handler).Organization(org.Id).EncryptionKeys;
        for (var i = 0; i < 10; i++)
        {
            await keys.RotateAsync("app");
        }

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => keys.RotateAsync("app"));

        Assert.Equal(HttpStatusCode.TooManyRequests, e.StatusCode);
        Assert.Equal(EnvelopeErrorCodes.RateLimited, e.ErrorCode);
        Assert.True(e.RetryAfter > TimeSpan.FromMinutes(50), $"Retry-After {e.RetryAfter}");
        Assert.Equal(11, handler.AttemptsAt("/encryption-key/rotate"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Get_429WithRetryAfterBeyondTheMaximum_IsNotWaitedFor()
    {
        using var org = await server.CreateOrganizationAsync();
        var handler = new ScriptedHandler(server.Server.CreateHandler()).Then(_ => Answer(HttpStatusCode.TooManyRequests, retryAfterSeconds: 120));

        var e = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.NewClient(org.OwnerToken, handler).GetMeAsync());

        Assert.Equal(TimeSpan.FromSeconds(120), e.RetryAfter);
        Assert.Equal(1, handler.AttemptsAt("/me"));
    }

    private static async Task<string> EncryptAsync(TestOrganization org, string dotenv)
    {
        var key = await org.Owner.EncryptionKeys.GetAsync("app");
        return Crypto.SecretsBlob.Encrypt(Convert.FromBase64String(key.Key!), dotenv);
    }

    private static async Task<List<SecretVersion>> ListVersionsAsync(TestOrganization org) =>
        (await org.Owner.Versions.GetPageAsync(Production)).Items.ToList();

    private static HttpResponseMessage Answer(HttpStatusCode status, int? retryAfterSeconds = null)
    {
        var code = status switch
        {
            HttpStatusCode.TooManyRequests => "rate_limited",
            HttpStatusCode.InternalServerError => "internal_error",
            _ => "unavailable",
        };
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($$"""{"error":"{{code}}","message":"Scripted {{(int)status}}."}""", Encoding.UTF8, "application/json"),
        };
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    }
}
