using System.Net;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Tests.Features.OAuth;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Envelope.Server.Tests.Features.SignIn.SignInHarness;

namespace Envelope.Server.Tests.Features.SignIn;

/// <summary>The console cookie made by one node is accepted by another over the same database and after a restart; the ring is encrypted.</summary>
public sealed class DataProtectionTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_console_session_from_one_server_is_served_by_a_second_and_after_a_restart()
    {
        string cookie;
        string org;
        await using (var first = await StartAsync(_database))
        {
            var (organization, email) = await CreateUserAsync(first, MembershipRole.Owner);
            org = organization.Id;
            var signedIn = await SignInAsync(new OAuthFlow(first), email, OAuthFlow.Password);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("envelope_console=", StringComparison.Ordinal)).Split(';')[0];

            await using var second = await StartAsync(_database);
            Assert.Equal(HttpStatusCode.OK, (await WithCookie(second, cookie).GetAsync($"/api/v1/{org}/projects")).StatusCode);
        }

        await using var restarted = await StartAsync(_database);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(restarted, cookie).GetAsync($"/api/v1/{org}/projects")).StatusCode);

        // The ring is in the database, and no key's material is stored in the clear.
        await using var scope = restarted.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().DataProtectionKeys.ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.DoesNotContain("<masterKey>", k.Xml, StringComparison.Ordinal));
        Assert.All(keys, k => Assert.Contains("masterKeyEncrypted", k.Xml, StringComparison.Ordinal));
    }

    private static HttpClient WithCookie(EnvelopeApplication app, string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
