using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Infrastructure;

/// <summary>
/// One endpoint. In its path, <c>{org}</c> is the organization's id and <c>{version}</c> the seeded version's id.
/// </summary>
public sealed record EndpointCase(string Method, string Path, string Ability, object? Body = null, bool ProjectScoped = true, string? AlsoRequires = null)
{
    /// <summary>Every ability the endpoint needs: a token with exactly these is allowed.</summary>
    public string[] Needs => AlsoRequires is null ? [Ability] : [Ability, AlsoRequires];

    public override string ToString() => $"{Method} {Path}{(Body is null ? string.Empty : " " + System.Text.Json.JsonSerializer.Serialize(Body))}";

    public HttpRequestMessage ToRequest(EndpointSeed seed, string? path = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Fill(path ?? Path, seed));
        if (Body is not null)
        {
            request.Content = JsonContent.Create(Body);
        }

        return request;
    }

    public static string Fill(string path, EndpointSeed seed) => path
        .Replace("{org}", seed.OrganizationId, StringComparison.Ordinal)
        .Replace("{version}", seed.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{deleted}", seed.DeletedId, StringComparison.Ordinal)
        .Replace("{member}", seed.MemberId, StringComparison.Ordinal)
        .Replace("{session}", seed.SessionId, StringComparison.Ordinal);

    /// <summary>The same endpoint in the deprecated long format.</summary>
    public string LongPath
    {
        get
        {
            (string Short, string Long)[] prefixes =
            [
                ("/api/v1/{org}/app/web/prod/secrets", "/api/v1/organizations/{org}/projects/app/targets/web/environments/prod/secrets"),
                ("/api/v1/{org}/app/web/environments", "/api/v1/organizations/{org}/projects/app/targets/web/environments"),
                ("/api/v1/{org}/app/web/secrets", "/api/v1/organizations/{org}/projects/app/targets/web/secrets"),
                ("/api/v1/{org}/app/targets", "/api/v1/organizations/{org}/projects/app/targets"),
                ("/api/v1/{org}/app/", "/api/v1/organizations/{org}/projects/app/"),
                ("/api/v1/{org}/", "/api/v1/organizations/{org}/"),
            ];
            var (shortPrefix, longPrefix) = prefixes.First(p => Path.StartsWith(p.Short, StringComparison.Ordinal));
            return longPrefix + Path[shortPrefix.Length..];
        }
    }
}

/// <summary>
/// What the seed created: the organization, one stored version of <c>app/web/prod</c>, target <c>app/gone</c>
/// (holding a secret) in the recovery window, and a member with one console session.
/// </summary>
public sealed record EndpointSeed(
    string OrganizationId, long VersionId, string DeletedId = "01ARZ3NDEKTSV4RRFFQ69G5FAV", string MemberId = "01ARZ3NDEKTSV4RRFFQ69G5FAW",
    string SessionId = "00000000000000000000000000000000");

/// <summary>
/// Every organization-scoped endpoint with the ability it needs, against the fixture hierarchy <c>app/web/prod</c>
/// whose environment level holds one stored secret.
/// </summary>
public static class EndpointCatalog
{
    private static readonly object Level = new { project = "app", target = "web", environment = "prod" };

    private static readonly object RotateClientKeysBody = new
    {
        secrets = Array.Empty<object>(),
        key_check = Convert.ToBase64String(new byte[32]),
        key_check_salt = Convert.ToBase64String(new byte[16]),
        key_check_iterations = 100_000,
        key_proof = "x",
    };

    public static async Task<EndpointSeed> SeedAsync(TestOrganization org)
    {
        await org.CreateHierarchyAsync("app", "web", "prod");
        // A value unlike anything else, so the log check would spot it anywhere.
        var version = await org.StoreAsync("app", "web", "prod", $"SEEDED=canary-{Guid.NewGuid():N}\n");
        await org.CreateTargetAsync("app", "gone");
        await org.StoreAsync("app", "gone", null, "GONE=1\n");
        var deleted = await JsonApi.ReadAsync(await org.Owner.DeleteAsync($"/api/v1/{org.Id}/app/targets/gone"));
        var (member, session) = await SeedMemberSessionAsync(org);
        return new EndpointSeed(org.Id, version, deleted["data"]!["id"]!.GetValue<string>(), member, session);
    }

    // Written as rows: a member who signed in once. Signing in for real would hash a password for every case.
    private static async Task<(string Member, string Session)> SeedMemberSessionAsync(TestOrganization org)
    {
        await using var scope = org.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Envelope.Server.Data.EnvelopeDbContext>();
        var now = org.App.Time.GetUtcNow();
        var user = new Envelope.Server.Data.Entities.User
        {
            Id = Envelope.Server.Infrastructure.Ids.New(org.App.Time), Email = $"member-{Guid.NewGuid():N}@example.com", PasswordHash = "unused", CreatedAt = now,
        };
        db.Users.Add(user);
        db.Memberships.Add(new Envelope.Server.Data.Entities.Membership { UserId = user.Id, OrganizationId = org.Id, Role = Envelope.Server.Data.Entities.MembershipRole.Member });
        var session = new Envelope.Server.Data.Entities.UserSession
        {
            Id = Guid.NewGuid().ToString("N"), UserId = user.Id, CreatedAt = now, LastSeenAt = now, Device = "seed", Address = "127.0.0.1",
        };
        db.ConsoleSessions.Add(session);
        await db.SaveChangesAsync();
        return (user.Id, session.Id);
    }

    public static readonly EndpointCase[] All =
    [
        new("GET", "/api/v1/{org}/projects", "project:read", ProjectScoped: false),
        new("POST", "/api/v1/{org}/projects", "project:create", new { name = "fresh" }, ProjectScoped: false),
        new("GET", "/api/v1/{org}/projects/app", "project:read"),
        new("PATCH", "/api/v1/{org}/projects/app", "project:update", new { description = "changed" }),
        new("DELETE", "/api/v1/{org}/projects/app", "project:delete"),
        new("GET", "/api/v1/{org}/app/targets", "target:read"),
        new("POST", "/api/v1/{org}/app/targets", "target:create", new { name = "fresh" }),
        new("GET", "/api/v1/{org}/app/targets/web", "target:read"),
        new("PATCH", "/api/v1/{org}/app/targets/web", "target:update", new { description = "changed" }),
        new("DELETE", "/api/v1/{org}/app/targets/web", "target:delete"),
        new("GET", "/api/v1/{org}/app/web/environments", "environment:read"),
        new("POST", "/api/v1/{org}/app/web/environments", "environment:create", new { name = "fresh" }),
        new("GET", "/api/v1/{org}/app/web/environments/prod", "environment:read"),
        new("PATCH", "/api/v1/{org}/app/web/environments/prod", "environment:update", new { description = "changed" }),
        new("DELETE", "/api/v1/{org}/app/web/environments/prod", "environment:delete"),
        new("DELETE", "/api/v1/{org}/app/web/environments/prod?permanent=true&confirm=prod", "environment:delete", AlsoRequires: "secret:purge"),
        new("DELETE", "/api/v1/{org}/app/web/environments/prod?permanent=true&confirm=prod", "secret:purge", AlsoRequires: "environment:delete"),
        new("DELETE", "/api/v1/{org}/app/targets/web?permanent=true&confirm=web", "target:delete", AlsoRequires: "secret:purge"),
        new("DELETE", "/api/v1/{org}/app/targets/web?permanent=true&confirm=web", "secret:purge", AlsoRequires: "target:delete"),
        new("DELETE", "/api/v1/{org}/projects/app?permanent=true&confirm=app", "project:delete", AlsoRequires: "secret:purge"),
        new("DELETE", "/api/v1/{org}/projects/app?permanent=true&confirm=app", "secret:purge", AlsoRequires: "project:delete"),
        new("GET", "/api/v1/{org}/deleted", "project:read", ProjectScoped: false),
        new("POST", "/api/v1/{org}/deleted/{deleted}/restore", "target:delete"),
        new("DELETE", "/api/v1/{org}/deleted/{deleted}?confirm=gone", "target:delete", AlsoRequires: "secret:purge"),
        new("DELETE", "/api/v1/{org}/deleted/{deleted}?confirm=gone", "secret:purge", AlsoRequires: "target:delete"),
        new("PATCH", "/api/v1/{org}/", "secret:purge", new { recovery_window_days = 3 }, ProjectScoped: false),
        new("GET", "/api/v1/{org}/tokens", "token:manage", ProjectScoped: false),
        new("POST", "/api/v1/{org}/tokens", "token:manage", new { name = "child", abilities = new[] { "token:manage" } }, ProjectScoped: false),
        new("GET", "/api/v1/{org}/app/secrets", "secret:read"),
        new("GET", "/api/v1/{org}/app/web/secrets", "secret:read"),
        new("GET", "/api/v1/{org}/app/web/prod/secrets", "secret:read"),
        new("POST", "/api/v1/{org}/secrets/retrieve", "secret:read", new { project = "app", target = "web", environment = "prod", action = "read" }),
        new("POST", "/api/v1/{org}/secrets/retrieve", "secret:decrypt", new { project = "app", target = "web", environment = "prod", action = "decrypt" }),
        new("POST", "/api/v1/{org}/secrets/retrieve", "key:retrieve", new { project = "app", target = "web", environment = "prod", action = "key:retrieve" }),
        new("POST", "/api/v1/{org}/secrets/store", "secret:write", new { project = "app", target = "web", environment = "prod", content = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }),
        new("POST", "/api/v1/{org}/secrets/delete", "secret:write", Level),
        new("POST", "/api/v1/{org}/secrets/versions", "secret:history", Level),
        new("GET", "/api/v1/{org}/secrets/versions/{version}", "secret:history"),
        new("GET", "/api/v1/{org}/secrets/versions/verify?project=app&target=web&environment=prod", "secret:history"),
        new("POST", "/api/v1/{org}/secrets/versions/{version}/restore", "secret:restore", new { }),
        new("DELETE", "/api/v1/{org}/secrets/versions/{version}", "secret:purge"),
        new("POST", "/api/v1/{org}/secrets/versions/{version}/destroy", "secret:purge"),
        new("POST", "/api/v1/{org}/secrets/versions/purge", "secret:purge", new { project = "app", target = "web", environment = "prod", confirmed = true }),
        new("GET", "/api/v1/{org}/audit-events", "audit:read", ProjectScoped: false),
        new("GET", "/api/v1/{org}/audit-events/verify", "audit:read", ProjectScoped: false),
        new("POST", "/api/v1/{org}/audit-events/hash", "audit:read", new { value = "203.0.113.7" }, ProjectScoped: false),
        new("GET", "/api/v1/{org}/", "organization:read", ProjectScoped: false),
        new("GET", "/api/v1/{org}/usage", "organization:read", ProjectScoped: false),
        new("PATCH", "/api/v1/{org}/", "token:manage", new { default_token_expiry_days = 30 }, ProjectScoped: false),
        new("GET", "/api/v1/{org}/app/encryption-key", "key:retrieve"),
        new("GET", "/api/v1/{org}/app/encryption-key/history", "key:retrieve"),
        new("GET", "/api/v1/{org}/app/encryption-key/jobs", "key:retrieve"),
        new("POST", "/api/v1/{org}/app/encryption-key/rotate", "key:rotate", new { history_policy = "keep" }),
        new("POST", "/api/v1/{org}/app/encryption-key/disable", "key:rotate"),
        new("POST", "/api/v1/{org}/app/encryption-key/enable", "key:rotate"),
        new("POST", "/api/v1/{org}/app/encryption-key/schedule-deletion", "key:rotate", new { days = 7 }),
        new("POST", "/api/v1/{org}/app/encryption-key/cancel-deletion", "key:rotate"),
        new("POST", "/api/v1/{org}/app/secrets/rotate-client-keys", "key:rotate", RotateClientKeysBody, AlsoRequires: "secret:write"),
        new("POST", "/api/v1/{org}/app/secrets/rotate-client-keys", "secret:write", RotateClientKeysBody, AlsoRequires: "key:rotate"),
        new("POST", "/api/v1/{org}/app/secrets/re-encrypt-history/pending", "key:rotate", new { limit = 10 }),
        new("POST", "/api/v1/{org}/app/secrets/re-encrypt-history", "key:rotate", new { versions = Array.Empty<object>(), key_proof = "x" }),
        new("GET", "/api/v1/{org}/members/{member}/sessions", "session:manage", ProjectScoped: false),
        new("DELETE", "/api/v1/{org}/members/{member}/sessions/{session}", "session:manage", ProjectScoped: false),
        new("DELETE", "/api/v1/{org}/members/{member}/sessions", "session:manage", ProjectScoped: false),
    ];

    public static TheoryData<EndpointCase> Cases()
    {
        var data = new TheoryData<EndpointCase>();
        foreach (var endpoint in All)
        {
            data.Add(endpoint);
        }

        return data;
    }
}
