using System.Net;
using Envelope.Server.Tests.Features.OAuth;
using Envelope.Server.Tests.Infrastructure;
using static Envelope.Server.Tests.Features.SignIn.SignInHarness;

namespace Envelope.Server.Tests.Features.SignIn;

/// <summary>
/// Failed sign-ins slow down and then lock an account and a client address, through the real login form, with the
/// database store (so on PostgreSQL too when ENVELOPE_TEST_POSTGRES is set); a success clears the account.
/// </summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Tight = new()
    {
        ["ENVELOPE_SIGNIN_FREE_FAILURES"] = "3",
        ["ENVELOPE_SIGNIN_LOCK_FAILURES"] = "6",
        ["ENVELOPE_SIGNIN_FIRST_DELAY_SECONDS"] = "10",
        ["ENVELOPE_SIGNIN_LOCK_MINUTES"] = "15",
    };

    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Failures_past_the_free_ones_wait_doubling_then_lock_and_a_success_clears_them()
    {
        await using var app = await StartAsync(_database, Tight);
        var (_, email) = await CreateUserAsync(app);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, email, "wrong password")).StatusCode);
        }

        // Three failures: 10 s before the next attempt, then 20, then 40; the right password waits like any other.
        var throttled = await SignInAsync(app, email, OAuthFlow.Password);
        AssertRetryAfter(throttled, 10);
        Assert.Contains("Too many failed sign-ins. Wait 10 seconds", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, email, "wrong password")).StatusCode);
        AssertRetryAfter(await SignInAsync(app, email, "wrong password"), 20);
        app.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, email, "wrong password")).StatusCode);
        AssertRetryAfter(await SignInAsync(app, email, "wrong password"), 40);
        app.Time.Advance(TimeSpan.FromSeconds(40));

        // The sixth failure locks the account for 15 minutes.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, email, "wrong password")).StatusCode);
        var locked = await SignInAsync(app, email, OAuthFlow.Password);
        AssertRetryAfter(locked, 15 * 60);
        Assert.Contains("locked for 15 minutes", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromMinutes(14));
        AssertRetryAfter(await SignInAsync(app, email, OAuthFlow.Password), 60);
        app.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app, email, OAuthFlow.Password)).StatusCode);
        // Cleared: three more failures are free again.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, email, "wrong password")).StatusCode);
        }
    }

    [Fact]
    public async Task An_unknown_account_is_throttled_exactly_like_a_known_one()
    {
        await using var app = await StartAsync(_database, Tight);
        var (_, email) = await CreateUserAsync(app);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        for (var i = 0; i < 3; i++)
        {
            await SignInAsync(app, email, "wrong password");
            await SignInAsync(app, unknown, "wrong password");
        }

        var known = await SignInAsync(app, email, "wrong password");
        var nobody = await SignInAsync(app, unknown, "wrong password");
        AssertRetryAfter(known, 10);
        AssertRetryAfter(nobody, 10);
        Assert.Equal(await ComparableBodyAsync(known), await ComparableBodyAsync(nobody));
    }

    [Fact]
    public async Task One_address_trying_many_accounts_is_throttled_as_an_address()
    {
        await using var app = await StartAsync(_database, new()
        {
            ["ENVELOPE_SIGNIN_ADDRESS_FREE_FAILURES"] = "4",
            ["ENVELOPE_SIGNIN_ADDRESS_LOCK_FAILURES"] = "8",
            ["ENVELOPE_SIGNIN_FIRST_DELAY_SECONDS"] = "30",
        });
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(app, $"guess-{i}@example.com", "wrong password")).StatusCode);
        }

        AssertRetryAfter(await SignInAsync(app, "guess-fresh@example.com", "wrong password"), 30);
    }

    [Fact]
    public async Task Failures_counted_on_one_node_throttle_the_account_on_another()
    {
        await using var first = await StartAsync(_database, Tight);
        await using var second = await StartAsync(_database, Tight);
        var (_, email) = await CreateUserAsync(first);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(first, email, "wrong password")).StatusCode);
        }

        var refused = await SignInAsync(second, email, OAuthFlow.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }
}
