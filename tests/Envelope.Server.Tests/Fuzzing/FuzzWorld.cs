using System.Net;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit.Abstractions;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>
/// What one fuzzing fixture seeded, once: an organization with <c>app/web/prod</c> (one stored version) that requests
/// read, a sacrificial <c>doomed/dt/de</c> (one stored version) that destructive requests aim at, and tokens of every
/// kind a request may carry.
/// </summary>
public sealed record FuzzWorld(
    string OrganizationId,
    long VersionId,
    long DoomedVersionId,
    string OwnerToken,
    string NarrowToken,
    string ExpiredToken,
    string RevokedToken,
    string RevokedTokenId,
    string DoomedTokenId);

/// <summary>
/// One server and one seeded world per test class: seeding per request would cost more than the requests.
/// Destructive requests aim at the <c>doomed</c> project, so the <c>app</c> hierarchy stays for the whole run.
/// </summary>
public sealed class FuzzFixture : IAsyncLifetime
{
    public EnvelopeApplication App { get; } = new();

    public FuzzWorld World { get; private set; } = null!;

    /// <summary>A client that neither follows redirects nor keeps cookies, so each response is the server's own.</summary>
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        var org = await App.CreateOrganizationAsync("fuzz");
        var seed = await EndpointCatalog.SeedAsync(org);
        await org.CreateHierarchyAsync("doomed", "dt", "de");
        var doomedVersion = await org.StoreAsync("doomed", "dt", "de", "DOOMED=1\n");

        var narrow = await org.CreateTokenAsync(["project:read", "secret:read", "target:read", "environment:read"], ["app"]);
        var expired = await org.CreateTokenAsync(["project:read", "secret:read"], expiresAt: App.Time.GetUtcNow().AddMinutes(1));
        var revoked = await org.CreateTokenAsync(["project:read"]);
        var doomedToken = await org.CreateTokenAsync(["project:read"]);

        var tokens = await JsonApi.ReadAsync(await org.Owner.GetAsync(new Uri($"/api/v1/{org.Id}/tokens?per_page=100", UriKind.Relative)));
        string IdOf(string plaintext) => tokens["data"]!.AsArray()
            .First(t => plaintext.StartsWith(t!["prefix"]!.GetValue<string>(), StringComparison.Ordinal))!["id"]!.GetValue<string>();
        var revokedId = IdOf(revoked);
        var doomedTokenId = IdOf(doomedToken);
        var revoke = await org.Owner.DeleteAsync(new Uri($"/api/v1/{org.Id}/tokens/{revokedId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        // Expire the expiring token. Any last-access flush this tick causes happens now, before any snapshot.
        App.Time.Advance(TimeSpan.FromMinutes(2));
        using (var check = App.ClientWithToken(expired))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await check.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
        }

        World = new FuzzWorld(org.Id, seed.VersionId, doomedVersion, org.OwnerToken, narrow, expired, revoked, revokedId, doomedTokenId);
        Client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        Client?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}

/// <summary>Sends generated requests and checks each response against the error contract.</summary>
public static class FuzzAssertions
{
    private static readonly string[] BrowserPaths = ["/api/oauth/authorize", "/api/oauth/login", "/api/oauth/consent"];

    /// <summary>Sends <paramref name="request"/>; throws (so CsCheck shrinks) on a 5xx, an exception, or a 4xx that is not JSON.</summary>
    public static async Task<HttpStatusCode> SendAndCheckAsync(HttpClient client, FuzzRequest request)
    {
        using var message = request.ToMessage();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new FuzzFailure($"the server threw {e.GetType().Name}: {e.Message}", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync();
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status >= 500)
            {
                throw new FuzzFailure($"{status} {mediaType}: {Preview(body)}");
            }

            if (status is >= 400 and < 500 && !(request.Method == "HEAD" && body.Length == 0))
            {
                var browser = BrowserPaths.Any(p => request.PathOnly.Equals(p, StringComparison.OrdinalIgnoreCase));
                var json = mediaType is "application/json" or "application/problem+json";
                if (!json && !(browser && mediaType == "text/html"))
                {
                    throw new FuzzFailure($"{status} answered with content type '{mediaType}', not JSON: {Preview(body)}");
                }

                if (json && body.Length > 0)
                {
                    try
                    {
                        using var _ = System.Text.Json.JsonDocument.Parse(body);
                    }
                    catch (System.Text.Json.JsonException e)
                    {
                        throw new FuzzFailure($"{status} body is not valid JSON ({e.Message}): {Preview(body)}", e);
                    }
                }
            }

            return response.StatusCode;
        }
    }

    public static string Preview(byte[] body) =>
        body.Length <= 300 ? System.Text.Encoding.UTF8.GetString(body) : System.Text.Encoding.UTF8.GetString(body, 0, 300) + $"… ({body.Length} bytes)";

    public static void Report(ITestOutputHelper output, string name, long count, TimeSpan elapsed, IReadOnlyDictionary<int, int> statuses) =>
        output.WriteLine($"{name}: {count} requests in {elapsed.TotalSeconds:F1} s on {TestDatabase.Engine}; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
}

public sealed class FuzzFailure : Exception
{
    public FuzzFailure()
    {
    }

    public FuzzFailure(string message) : base(message)
    {
    }

    public FuzzFailure(string message, Exception inner) : base(message, inner)
    {
    }
}
