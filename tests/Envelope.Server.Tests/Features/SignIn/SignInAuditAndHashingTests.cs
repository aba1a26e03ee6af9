using System.Net.Http.Json;
using System.Net;
using Envelope.Server.Features.Users;
using Envelope.Server.Tests.Features.OAuth;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Envelope.Server.Tests.Features.SignIn.SignInHarness;

namespace Envelope.Server.Tests.Features.SignIn;

/// <summary>Every sign-in is audited without its password; an unknown account costs one hash like a known one; hashing is bounded.</summary>
public sealed class SignInAuditAndHashingTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_unknown_account_and_a_wrong_password_get_the_same_answer_for_the_same_work()
    {
        await using var app = await StartAsync(_database);
        var (_, email) = await CreateUserAsync(app);
        var hashing = app.Services.GetRequiredService<PasswordHashing>();

        var before = hashing.Computations;
        var wrong = await SignInAsync(app, email, "wrong password");
        var afterWrong = hashing.Computations;
        var unknown = await SignInAsync(app, $"nobody-{Guid.NewGuid():N}@example.com", "wrong password");
        var afterUnknown = hashing.Computations;

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await ComparableBodyAsync(wrong), await ComparableBodyAsync(unknown));
        Assert.Equal(1, afterWrong - before);
        Assert.Equal(1, afterUnknown - afterWrong);
    }

    [Fact]
    public async Task Every_sign_in_is_an_audit_event_of_the_users_organization_without_the_password()
    {
        await using var app = await StartAsync(_database, new()
        {
            ["ENVELOPE_SIGNIN_FREE_FAILURES"] = "1",
            ["ENVELOPE_SIGNIN_LOCK_FAILURES"] = "3",
            ["ENVELOPE_SIGNIN_FIRST_DELAY_SECONDS"] = "60",
        });
        var (org, email) = await CreateUserAsync(app);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app, email, OAuthFlow.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, email, "typed-wrong-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(app, email, "typed-wrong-password-2")).StatusCode);
        app.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, email, "typed-wrong-password-3")).StatusCode);
        app.Time.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, email, "typed-wrong-password-4")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(app, email, "typed-wrong-password-5")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, unknown, "typed-wrong-password-6")).StatusCode);

        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=user.sign_in&per_page=100");
        var text = await response.Content.ReadAsStringAsync();
        var events = (await JsonApi.ReadAsync(response))["data"]!.AsArray().Reverse().Select(e => e!["details"]!).ToList();
        Assert.Equal(
            [("succeeded", null), ("failed", "wrong_credentials"), ("failed", "throttled"), ("failed", "wrong_credentials"), ("failed", "wrong_credentials"), ("failed", "locked")],
            events.Select(d => (d["result"]!.GetValue<string>(), d["reason"]?.GetValue<string>())).ToList());
        // Identities are stored hashed, as Vault's audit log does: found by hashing what one has, never shown.
        var emailHash = await AuditHashAsync(org, email);
        Assert.All(events, d => Assert.Equal(emailHash, d["email"]!.GetValue<string>()));
        Assert.All(events, d => Assert.Matches("^hmac-sha256:[0-9a-f]{64}$", d["address"]!.GetValue<string>()));
        Assert.Single(events.Select(d => d["address"]!.GetValue<string>()).Distinct());
        var signIns = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=user.sign_in&per_page=100")))["data"]!.AsArray();
        Assert.All(signIns, e => Assert.Equal(e!["details"]!["user_id"]!.GetValue<string>(), e["subject"]!.GetValue<string>()));
        var everything = await (await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?per_page=100")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(email, everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("typed-wrong-password", text, StringComparison.Ordinal);
        Assert.DoesNotContain(OAuthFlow.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(unknown, text, StringComparison.Ordinal);

        // The unknown address belongs to no organization: the server's log has it, by fingerprint only.
        var logged = Assert.Single(app.Logs.Lines, l => l.Contains("for an address no organization holds", StringComparison.Ordinal));
        Assert.Contains("wrong_credentials", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(unknown, string.Join('\n', app.Logs.Lines), StringComparison.Ordinal);
        Assert.DoesNotContain("typed-wrong-password", string.Join('\n', app.Logs.Lines), StringComparison.Ordinal);
    }

    private static async Task<string> AuditHashAsync(TestOrganization org, string value) =>
        (await JsonApi.ReadAsync(await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/audit-events/hash", new { value })))["data"]!["hash"]!.GetValue<string>();

    [Fact]
    public async Task Past_the_hashing_queue_sign_ins_are_answered_503_with_retry_after_never_500()
    {
        await using var app = await StartAsync(_database, new()
        {
            ["ENVELOPE_PASSWORD_HASH_CONCURRENCY"] = "1",
            ["ENVELOPE_PASSWORD_HASH_QUEUE"] = "0",
        });
        var (_, email) = await CreateUserAsync(app);
        var flows = Enumerable.Range(0, 12).Select(_ => new OAuthFlow(app)).ToList();
        var pages = await Task.WhenAll(flows.Select(f => f.Browser.GetStringAsync("/api/oauth/login?return_url=%2Fconsole")));

        var responses = await Task.WhenAll(flows.Select((f, i) =>
            Task.Run(() => f.PostFormAsync("/api/oauth/login", pages[i], new() { ["email"] = email, ["password"] = OAuthFlow.Password }))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.DoesNotContain(statuses, s => (int)s >= 500 && s != HttpStatusCode.ServiceUnavailable);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Redirect or HttpStatusCode.ServiceUnavailable, $"got {s}"));
        Assert.Contains(HttpStatusCode.Redirect, statuses);
        var busy = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(busy);
        Assert.All(busy, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta));
    }

    [Fact]
    public async Task Sign_up_past_the_hashing_queue_is_a_json_503()
    {
        await using var app = await StartAsync(_database, new()
        {
            ["ENVELOPE_PASSWORD_HASH_CONCURRENCY"] = "1",
            ["ENVELOPE_PASSWORD_HASH_QUEUE"] = "0",
            ["ENVELOPE_SIGNUP_ENABLED"] = "true",
        });
        var client = app.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            client.PostAsync("/api/v1/users", System.Net.Http.Json.JsonContent.Create(new { email = $"new-{i}-{Guid.NewGuid():N}@example.com", password = OAuthFlow.Password })))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"got {r.StatusCode}"));
        var busy = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(busy);
        foreach (var response in busy)
        {
            await JsonApi.AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "server_busy");
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        }

    }
}
