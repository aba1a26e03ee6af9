using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;

namespace Envelope.Server.Features.Audit;

internal sealed record AuditEventResponse(
    long Id, string Action, string? TokenId, string? ProjectId, string? Subject, System.Text.Json.JsonElement? Details, DateTimeOffset CreatedAt,
    long Sequence, string Hash)
{
    public string Type => "audit_event";

    public static AuditEventResponse From(AuditEvent e) => new(
        e.Id, e.Action, e.TokenId, e.ProjectId, e.Subject,
        e.Details is null ? null : System.Text.Json.JsonDocument.Parse(e.Details).RootElement.Clone(), e.CreatedAt, e.Sequence, e.Hash);
}

/// <summary>A value to hash the way audit events store identities (a client address, say), to find its events.</summary>
public sealed record AuditHashRequest([property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.StringLength(1000, MinimumLength = 1)] string Value);

/// <summary>A value's audit hash; <c>PreviousHash</c> is its hash under the previous master key, which events written before a master-key rotation hold (null without one).</summary>
internal sealed record AuditHashResponse(string Hash, string? PreviousHash)
{
    public string Type => "audit_hash";
}

internal sealed record UsageResponse(int ActiveVersions, int DestroyedVersions, long StoredBytes, IReadOnlyList<ProjectUsage> Projects);

internal sealed record ProjectUsage(string Project, int ActiveVersions, int DestroyedVersions, long StoredBytes);

internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder organization)
    {
        organization.MapGet("/audit-events", ListAuditEvents).WithTags("Audit").WithName("ListAuditEvents")
            .WithSummary("The audit trail, newest first; filter by action, project, token, since, until").RequireAbility(Abilities.AuditRead);
        organization.MapGet("/audit-events/verify", VerifyAuditEvents).WithTags("Audit").WithName("VerifyAuditEvents")
            .WithSummary("Walks the organization's audit chain and signed checkpoints; names the first edited, deleted or truncated event")
            .RequireAbility(Abilities.AuditRead);
        organization.MapPost("/audit-events/hash", HashForLookup).WithTags("Audit").WithName("HashAuditValue")
            .WithSummary("Hashes a value (e.g. a client address) the way audit events store it, to filter events by it")
            .RequireAbility(Abilities.AuditRead);
        organization.MapGet("/usage", GetUsage).WithTags("Audit").WithName("GetUsage")
            .WithSummary("Billable versions and stored bytes, per project").RequireAbility(Abilities.OrganizationRead);
        return organization;
    }

    public static async Task<DataResponse<List<AuditEventResponse>>> ListAuditEvents(
        string? action, string? project, string? token, DateTimeOffset? since, DateTimeOffset? until,
        Caller caller, PageRequest page, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var events = db.AuditEvents.AsNoTracking().Where(e => e.OrganizationId == caller.OrganizationId);
        if (caller.ProjectIds is { } reachable)
        {
            events = events.Where(e => e.ProjectId != null && reachable.Contains(e.ProjectId));
        }

        if (action is not null)
        {
            var names = AuditActions.Matching(action);
            events = events.Where(e => names.Contains(e.Action));
        }

        if (project is not null)
        {
            // An unknown slug matches nothing; a null id here would match every event without a project (sign-ins, tokens).
            var projectId = await db.Projects.IgnoreQueryFilters().Where(p => p.OrganizationId == caller.OrganizationId && p.Slug == project)
                .Select(p => p.Id).FirstOrDefaultAsync(cancellationToken);
            events = projectId is null ? events.Where(e => false) : events.Where(e => e.ProjectId == projectId);
        }

        if (token is not null)
        {
            events = events.Where(e => e.TokenId == token);
        }

        if (since is not null)
        {
            events = events.Where(e => e.CreatedAt >= since);
        }

        if (until is not null)
        {
            events = events.Where(e => e.CreatedAt < until);
        }

        return await page.ToPageAsync(events.OrderByDescending(e => e.Id), AuditEventResponse.From, cancellationToken);
    }

    public static async Task<DataResponse<AuditVerification>> VerifyAuditEvents(Caller caller, AuditVerifier verifier, CancellationToken cancellationToken) =>
        DataResponse.Of(await verifier.VerifyAsync(caller.OrganizationId, cancellationToken));

    public static DataResponse<AuditHashResponse> HashForLookup(AuditHashRequest request, AuditKey key) =>
        DataResponse.Of(new AuditHashResponse(key.HashIdentity(request.Value), key.HashIdentityUnderPreviousKey(request.Value)));

    public static async Task<DataResponse<UsageResponse>> GetUsage(Caller caller, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var projects = db.Projects.AsNoTracking().Where(p => p.OrganizationId == caller.OrganizationId);
        if (caller.ProjectIds is { } reachable)
        {
            projects = projects.Where(p => reachable.Contains(p.Id));
        }

        var rows = await projects
            .OrderBy(p => p.Slug)
            .Select(p => new
            {
                p.Slug,
                Active = db.SecretVersions.Count(v => v.ProjectId == p.Id && v.Status == VersionStatus.Active),
                Destroyed = db.SecretVersions.Count(v => v.ProjectId == p.Id && v.Status == VersionStatus.Destroyed),
                VersionBytes = db.SecretVersions.Where(v => v.ProjectId == p.Id && v.Status == VersionStatus.Active).Sum(v => (long?)v.Bytes) ?? 0,
                CurrentBytes = db.Secrets.Where(s => s.ProjectId == p.Id && s.Content != null).Sum(s => (long?)s.Bytes) ?? 0,
            })
            .ToListAsync(cancellationToken);
        var perProject = rows.Select(r => new ProjectUsage(r.Slug, r.Active, r.Destroyed, r.VersionBytes + r.CurrentBytes)).ToList();
        return DataResponse.Of(new UsageResponse(perProject.Sum(p => p.ActiveVersions), perProject.Sum(p => p.DestroyedVersions), perProject.Sum(p => p.StoredBytes), perProject));
    }
}
