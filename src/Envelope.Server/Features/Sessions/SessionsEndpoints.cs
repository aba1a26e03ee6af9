using System.Security.Claims;
using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Console;
using Envelope.Server.Features.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Sessions;

internal sealed record SessionResponse(string Id, string Device, string Address, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, bool Current)
{
    public string Type => "console_session";

    public static SessionResponse From(UserSession s, string? current) =>
        new(s.Id, s.Device, s.Address, s.CreatedAt, s.LastSeenAt, s.Id == current);
}

internal sealed record RevokedSessionsResponse(int Revoked);

/// <summary>
/// A signed-in user's own console sessions at <c>/api/v1/me/sessions</c>, and an owner's view of a member's at
/// <c>/api/v1/{org}/members/{member}/sessions</c> (<c>session:manage</c>, which among the roles only owners hold).
/// </summary>
internal static class SessionsEndpoints
{
    public static IEndpointRouteBuilder MapMySessionsEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/me/sessions").WithTags("Sessions");
        group.MapGet("/", ListMine).WithName("ListMySessions").WithSummary("The signed-in user's console sessions, the current one marked");
        group.MapDelete("/{id}", RevokeMine).WithName("RevokeMySession").WithSummary("Sign one of the user's console sessions out");
        group.MapDelete("/", RevokeAllMine).WithName("SignOutEverywhere")
            .WithSummary("Sign every console session of the user out; except_current=true keeps the one asking");
        return api;
    }

    public static RouteGroupBuilder MapMemberSessionsEndpoints(this RouteGroupBuilder organization)
    {
        var group = organization.MapGroup("/members/{member}/sessions").WithTags("Sessions").RequireAbility(Abilities.SessionManage);
        group.MapGet("/", ListMember).WithName("ListMemberSessions").WithSummary("A member's console sessions (member: user id or email)");
        group.MapDelete("/{id}", RevokeMember).WithName("RevokeMemberSession").WithSummary("Sign one of a member's console sessions out");
        group.MapDelete("/", RevokeAllMember).WithName("RevokeMemberSessions").WithSummary("Sign every console session of a member out");
        return organization;
    }

    public static async Task<Results<Ok<DataResponse<List<SessionResponse>>>, ApiErrorResult>> ListMine(
        Caller caller, HttpContext context, PageRequest page, ConsoleSessions sessions, IOptions<ConsoleOptions> console, CancellationToken cancellationToken)
    {
        if (caller.UserId is not { } userId)
        {
            return NotAUser();
        }

        return TypedResults.Ok(page.ToPage(await ListAsync(sessions, userId, CurrentOf(context), console.Value, cancellationToken)));
    }

    public static async Task<Results<NoContent, ApiErrorResult>> RevokeMine(
        string id, Caller caller, EnvelopeDbContext db, ConsoleSessions sessions, CancellationToken cancellationToken)
    {
        if (caller.UserId is not { } userId)
        {
            return NotAUser();
        }

        return await RevokeOneAsync(db, sessions, caller, userId, id, RevokeReasons.Revoked, cancellationToken);
    }

    public static async Task<Results<Ok<DataResponse<RevokedSessionsResponse>>, ApiErrorResult>> RevokeAllMine(
        Caller caller, HttpContext context, ConsoleSessions sessions, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "except_current")] bool? exceptCurrent, CancellationToken cancellationToken)
    {
        if (caller.UserId is not { } userId)
        {
            return NotAUser();
        }

        var revoked = await RevokeAllAsync(sessions, caller, userId, exceptCurrent is true ? CurrentOf(context) : null, RevokeReasons.SignedOutEverywhere,
            AuditActions.SessionRevokeAll, cancellationToken);
        return TypedResults.Ok(DataResponse.Of(new RevokedSessionsResponse(revoked), $"Signed out of {revoked} console session(s)."));
    }

    public static async Task<Results<Ok<DataResponse<List<SessionResponse>>>, ApiErrorResult>> ListMember(
        string member, Caller caller, HttpContext context, PageRequest page, EnvelopeDbContext db, ConsoleSessions sessions, IOptions<ConsoleOptions> console,
        CancellationToken cancellationToken)
    {
        if (await MemberAsync(db, caller, member, cancellationToken) is not { } userId)
        {
            return ApiErrors.NotFound("member");
        }

        return TypedResults.Ok(page.ToPage(await ListAsync(sessions, userId, CurrentOf(context), console.Value, cancellationToken)));
    }

    public static async Task<Results<NoContent, ApiErrorResult>> RevokeMember(
        string member, string id, Caller caller, EnvelopeDbContext db, ConsoleSessions sessions, CancellationToken cancellationToken)
    {
        if (await MemberAsync(db, caller, member, cancellationToken) is not { } userId)
        {
            return ApiErrors.NotFound("member");
        }

        return await RevokeOneAsync(db, sessions, caller, userId, id, RevokeReasons.RevokedByOwner, cancellationToken);
    }

    public static async Task<Results<Ok<DataResponse<RevokedSessionsResponse>>, ApiErrorResult>> RevokeAllMember(
        string member, Caller caller, EnvelopeDbContext db, ConsoleSessions sessions, CancellationToken cancellationToken)
    {
        if (await MemberAsync(db, caller, member, cancellationToken) is not { } userId)
        {
            return ApiErrors.NotFound("member");
        }

        var revoked = await RevokeAllAsync(sessions, caller, userId, null, RevokeReasons.RevokedByOwner, AuditActions.SessionRevokeAll, cancellationToken);
        return TypedResults.Ok(DataResponse.Of(new RevokedSessionsResponse(revoked), $"Signed the member out of {revoked} console session(s)."));
    }

    /// <summary>The session the request came with, when it came through the console.</summary>
    private static string? CurrentOf(HttpContext context) => context.User.FindFirstValue(ConsoleSession.SessionClaim);

    private static async Task<List<SessionResponse>> ListAsync(ConsoleSessions sessions, string userId, string? current, ConsoleOptions console, CancellationToken cancellationToken)
    {
        var rows = await sessions.ActiveOf(userId, TimeSpan.FromMinutes(console.IdleMinutes)).AsNoTracking().ToListAsync(cancellationToken);
        // Ordered in memory: SQLite cannot order by a DateTimeOffset, and a user has a handful of sessions.
        return [.. rows.OrderByDescending(s => s.LastSeenAt).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => SessionResponse.From(s, current))];
    }

    private static async Task<Results<NoContent, ApiErrorResult>> RevokeOneAsync(
        EnvelopeDbContext db, ConsoleSessions sessions, Caller caller, string userId, string id, string reason, CancellationToken cancellationToken)
    {
        var session = await db.ConsoleSessions.SingleOrDefaultAsync(s => s.Id == id && s.UserId == userId, cancellationToken);
        if (session is null)
        {
            return ApiErrors.NotFound("session");
        }

        if (session.RevokedAt is null)
        {
            sessions.Revoke(session, reason);
            await sessions.AuditAsync(userId, caller.TokenId, AuditActions.SessionRevoke, new { session = id, reason, by_user_id = caller.UserId }, cancellationToken);
            await sessions.SaveAsync([session], cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<int> RevokeAllAsync(
        ConsoleSessions sessions, Caller caller, string userId, string? except, string reason, string action, CancellationToken cancellationToken)
    {
        var revoked = await sessions.RevokeAllAsync(userId, reason, except, cancellationToken);
        await sessions.AuditAsync(userId, caller.TokenId, action, new { revoked = revoked.Count, kept_current = except is not null, reason, by_user_id = caller.UserId }, cancellationToken);
        await sessions.SaveAsync(revoked, cancellationToken);
        return revoked.Count;
    }

    /// <summary>The id of the user named by <paramref name="member"/> (id or email) when they belong to the caller's organization.</summary>
    private static Task<string?> MemberAsync(EnvelopeDbContext db, Caller caller, string member, CancellationToken cancellationToken)
    {
        var email = UserAccounts.Normalize(member);
        return db.Users.Where(u => u.Id == member || u.Email == email)
            .Where(u => db.Memberships.Any(m => m.UserId == u.Id && m.OrganizationId == caller.OrganizationId))
            .Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private static ApiErrorResult NotAUser() =>
        ApiErrors.Forbidden("not_a_user", "Only a signed-in user has console sessions; an API token has none.");
}
