using System.Net;
using System.Security.Claims;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Sessions;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Envelope.Server.Tests.Features.Sessions.SessionHarness;

namespace Envelope.Server.Tests.Features.Sessions;

/// <summary>Console sessions are rows: listed, revocable by their user and by an owner, and ended by a revoked row.</summary>
public sealed class ConsoleSessionRowTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task A_sign_in_is_listed_with_its_device_address_and_last_seen_and_marked_current()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(app, org.Id, MembershipRole.Member);
        var laptop = await SignInAsync(app, email, "Laptop/1.0");
        var phone = await SignInAsync(app, email, "Phone/2.0 " + new string('x', 400));

        var sessions = await laptop.MySessionsAsync();

        Assert.Equal(2, sessions.Count);
        var current = Assert.Single(sessions, s => s!["current"]!.GetValue<bool>())!;
        Assert.Equal("Laptop/1.0", current["device"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(current["address"]!.GetValue<string>()));
        Assert.NotNull(current["last_seen_at"]);
        var other = Assert.Single(sessions, s => !s!["current"]!.GetValue<bool>())!;
        Assert.Equal(UserSession.DeviceLength, other["device"]!.GetValue<string>().Length);
        Assert.Equal(2, (await phone.MySessionsAsync()).Count);
    }

    [Fact]
    public async Task Last_seen_is_written_in_the_background_at_most_once_a_minute()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(app, org.Id, MembershipRole.Member);
        var browser = await SignInAsync(app, email);
        var id = (await browser.MySessionsAsync())[0]!["id"]!.GetValue<string>();
        var signedIn = (await RowAsync(app, id)).LastSeenAt;
        var flusher = app.Services.GetRequiredService<SessionActivityFlusher>();

        app.Time.Advance(TimeSpan.FromSeconds(30));
        await browser.Browser.GetAsync($"/api/v1/{org.Id}/projects");
        await flusher.FlushAsync(CancellationToken.None);
        Assert.Equal(signedIn, (await RowAsync(app, id)).LastSeenAt);

        app.Time.Advance(TimeSpan.FromSeconds(45));
        await browser.Browser.GetAsync($"/api/v1/{org.Id}/projects");
        // Noted, not written: the request itself does not touch the row.
        Assert.Equal(signedIn, (await RowAsync(app, id)).LastSeenAt);
        await flusher.FlushAsync(CancellationToken.None);
        // PostgreSQL keeps microseconds, SQLite's binary form milliseconds.
        Assert.InRange((await RowAsync(app, id)).LastSeenAt, app.Time.GetUtcNow().AddMilliseconds(-1), app.Time.GetUtcNow());
    }

    [Fact]
    public async Task Revoking_my_session_ends_its_cookie_and_the_console_sends_it_to_the_login_page()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(app, org.Id, MembershipRole.Member);
        var laptop = await SignInAsync(app, email, "Laptop/1.0");
        var phone = await SignInAsync(app, email, "Phone/2.0");
        var phoneId = (await phone.MySessionsAsync()).Single(s => s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();

        await JsonApi.AssertErrorAsync(await laptop.Browser.DeleteAsync($"/api/v1/me/sessions/{phoneId}"), HttpStatusCode.Forbidden, "csrf_token_invalid");
        Assert.Equal(HttpStatusCode.NoContent, (await laptop.SendAsync(HttpMethod.Delete, $"/api/v1/me/sessions/{phoneId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        var shell = await WithCookie(app, phone.Cookie).GetAsync("/console/projects");
        Assert.Equal(HttpStatusCode.Redirect, shell.StatusCode);
        Assert.StartsWith("/api/oauth/login", shell.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        Assert.Equal("revoked", (await RowAsync(app, phoneId)).RevokedReason);
        Assert.Single(await laptop.MySessionsAsync());

        var audit = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=session.revoke"));
        Assert.Single(audit["data"]!.AsArray());
    }

    [Fact]
    public async Task Another_users_session_is_not_mine_to_revoke()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, mine) = await AddUserAsync(app, org.Id, MembershipRole.Owner);
        var (_, theirs) = await AddUserAsync(app, org.Id, MembershipRole.Member);
        var me = await SignInAsync(app, mine);
        var them = await SignInAsync(app, theirs);
        var theirId = (await them.MySessionsAsync())[0]!["id"]!.GetValue<string>();

        await JsonApi.AssertErrorAsync(await me.SendAsync(HttpMethod.Delete, $"/api/v1/me/sessions/{theirId}"), HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await them.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_revokes_every_session_or_all_but_the_current_one()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(app, org.Id, MembershipRole.Member);
        var first = await SignInAsync(app, email);
        var second = await SignInAsync(app, email);
        var third = await SignInAsync(app, email);

        var kept = await JsonApi.ReadAsync(await first.SendAsync(HttpMethod.Delete, "/api/v1/me/sessions?except_current=true"));
        Assert.Equal(2, kept["data"]!["revoked"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await first.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);

        var all = await JsonApi.ReadAsync(await first.SendAsync(HttpMethod.Delete, "/api/v1/me/sessions"));
        Assert.Equal(1, all["data"]!["revoked"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);

        var audit = await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/audit-events?action=session.revoke_all"));
        Assert.Equal(2, audit["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Signing_out_revokes_the_row_so_a_copy_of_the_cookie_stops_working()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(app, org.Id, MembershipRole.Member);
        var browser = await SignInAsync(app, email);
        var id = (await browser.MySessionsAsync())[0]!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(HttpMethod.Post, "/console/logout")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithCookie(app, browser.Cookie).GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        Assert.Equal("signed_out", (await RowAsync(app, id)).RevokedReason);
    }

    [Fact]
    public async Task A_cookie_from_before_sessions_were_rows_is_refused()
    {
        var org = await app.CreateOrganizationAsync();
        var (userId, email) = await AddUserAsync(app, org.Id, MembershipRole.Owner);
        // The cookie the previous release issued: the same sealing, only the user's id and email inside.
        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get("EnvelopeConsole");
        var identity = new ClaimsIdentity([new Claim("sub", userId), new Claim("email", email)], "EnvelopeConsole");
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity),
            new AuthenticationProperties { IssuedUtc = app.Time.GetUtcNow(), ExpiresUtc = app.Time.GetUtcNow().AddMinutes(30) }, "EnvelopeConsole");
        var old = WithCookie(app, "envelope_console=" + cookie.TicketDataFormat.Protect(ticket));

        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await old.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task An_api_token_has_no_sessions()
    {
        var org = await app.CreateOrganizationAsync();

        await JsonApi.AssertErrorAsync(await org.Owner.GetAsync("/api/v1/me/sessions"), HttpStatusCode.Forbidden, "not_a_user");
        await JsonApi.AssertErrorAsync(await org.Owner.DeleteAsync("/api/v1/me/sessions"), HttpStatusCode.Forbidden, "not_a_user");
        await JsonApi.AssertErrorAsync(await app.CreateClient().GetAsync("/api/v1/me/sessions"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task An_owner_lists_and_revokes_a_members_sessions_and_an_admin_may_not()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, ownerEmail) = await AddUserAsync(app, org.Id, MembershipRole.Owner);
        var (_, adminEmail) = await AddUserAsync(app, org.Id, MembershipRole.Admin);
        var (memberId, memberEmail) = await AddUserAsync(app, org.Id, MembershipRole.Member);
        var owner = await SignInAsync(app, ownerEmail);
        var admin = await SignInAsync(app, adminEmail);
        var member = await SignInAsync(app, memberEmail);
        var second = await SignInAsync(app, memberEmail);

        await JsonApi.AssertErrorAsync(await admin.Browser.GetAsync($"/api/v1/{org.Id}/members/{memberId}/sessions"), HttpStatusCode.Forbidden, "insufficient_permissions");
        await JsonApi.AssertErrorAsync(await admin.SendAsync(HttpMethod.Delete, $"/api/v1/{org.Id}/members/{memberId}/sessions"), HttpStatusCode.Forbidden, "insufficient_permissions");

        var listed = await JsonApi.ReadAsync(await owner.Browser.GetAsync($"/api/v1/{org.Id}/members/{Uri.EscapeDataString(memberEmail)}/sessions"));
        var ids = listed["data"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(2, ids.Count);
        var memberId1 = (await member.MySessionsAsync()).Single(s => s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Delete, $"/api/v1/{org.Id}/members/{memberId}/sessions/{memberId1}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        Assert.Equal("revoked_by_owner", (await RowAsync(app, memberId1)).RevokedReason);

        var all = await JsonApi.ReadAsync(await owner.SendAsync(HttpMethod.Delete, $"/api/v1/{org.Id}/members/{memberId}/sessions"));
        Assert.Equal(1, all["data"]!["revoked"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
    }

    [Fact]
    public async Task An_owner_cannot_see_or_revoke_sessions_of_someone_outside_their_organization()
    {
        var mine = await app.CreateOrganizationAsync("mine");
        var theirs = await app.CreateOrganizationAsync("theirs");
        var (_, ownerEmail) = await AddUserAsync(app, mine.Id, MembershipRole.Owner);
        var (strangerId, strangerEmail) = await AddUserAsync(app, theirs.Id, MembershipRole.Member);
        var owner = await SignInAsync(app, ownerEmail);
        var stranger = await SignInAsync(app, strangerEmail);
        var sessionId = (await stranger.MySessionsAsync())[0]!["id"]!.GetValue<string>();

        await JsonApi.AssertErrorAsync(await owner.Browser.GetAsync($"/api/v1/{mine.Id}/members/{strangerId}/sessions"), HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(await owner.SendAsync(HttpMethod.Delete, $"/api/v1/{mine.Id}/members/{strangerId}/sessions/{sessionId}"), HttpStatusCode.NotFound, "not_found");
        await JsonApi.AssertErrorAsync(await owner.SendAsync(HttpMethod.Delete, $"/api/v1/{mine.Id}/members/{strangerEmail}/sessions"), HttpStatusCode.NotFound, "not_found");
        // Their organization in the path is not the owner's to act in either.
        await JsonApi.AssertErrorAsync(await owner.SendAsync(HttpMethod.Delete, $"/api/v1/{theirs.Id}/members/{strangerId}/sessions"), HttpStatusCode.NotFound, "not_found");
        // The owner token of the first organization is no better.
        await JsonApi.AssertErrorAsync(await mine.Owner.DeleteAsync($"/api/v1/{mine.Id}/members/{strangerId}/sessions"), HttpStatusCode.NotFound, "not_found");

        Assert.Equal(HttpStatusCode.OK, (await stranger.Browser.GetAsync($"/api/v1/{theirs.Id}/projects")).StatusCode);
    }

    [Fact]
    public async Task Rows_of_sessions_that_ended_more_than_the_retention_ago_are_pruned_and_recent_ones_kept()
    {
        var org = await app.CreateOrganizationAsync();
        var (_, email) = await AddUserAsync(app, org.Id, MembershipRole.Member);
        var revokedLongAgo = await SignInAsync(app, email);
        var idleLongAgo = await SignInAsync(app, email);
        var revokedId = await CurrentIdAsync(revokedLongAgo);
        var idleId = await CurrentIdAsync(idleLongAgo);
        Assert.Equal(HttpStatusCode.NoContent, (await revokedLongAgo.SendAsync(HttpMethod.Delete, $"/api/v1/me/sessions/{revokedId}")).StatusCode);

        app.Time.Advance(SessionActivityFlusher.Retention + TimeSpan.FromHours(1));
        var revokedNow = await SignInAsync(app, email);
        var revokedNowId = await CurrentIdAsync(revokedNow);
        Assert.Equal(HttpStatusCode.NoContent, (await revokedNow.SendAsync(HttpMethod.Delete, $"/api/v1/me/sessions/{revokedNowId}")).StatusCode);
        var active = await SignInAsync(app, email);
        var activeId = await CurrentIdAsync(active);

        // The flusher's own timer may have pruned already when the clock moved; once more, deterministically.
        await app.Services.GetRequiredService<SessionActivityFlusher>().PruneAsync(CancellationToken.None);

        Assert.False(await ExistsAsync(revokedId));
        Assert.False(await ExistsAsync(idleId));
        Assert.True(await ExistsAsync(revokedNowId));
        Assert.True(await ExistsAsync(activeId));
        Assert.Equal(HttpStatusCode.OK, (await active.Browser.GetAsync($"/api/v1/{org.Id}/projects")).StatusCode);
    }

    private static async Task<string> CurrentIdAsync(ConsoleBrowserSession session) =>
        (await session.MySessionsAsync()).Single(s => s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();

    private async Task<bool> ExistsAsync(string sessionId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Envelope.Server.Data.EnvelopeDbContext>().ConsoleSessions.AnyAsync(s => s.Id == sessionId);
    }
}
