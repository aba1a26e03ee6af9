using Envelope.Client.Models;
using Envelope.Client.Tests.Infrastructure;

namespace Envelope.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class IdentityAndProjectsTests(EnvelopeServer server)
{
    [Fact]
    public async Task Identity_OwnerToken_DescribesTokenOrganizationAndPlans()
    {
        using var org = await server.CreateOrganizationAsync("Acme");

        var me = await org.Client.GetMeAsync();
        var organizations = await org.Client.ListOrganizationsAsync();
        var info = await org.Owner.GetAsync();
        var plans = await org.Client.ListPlansAsync();

        Assert.Equal(org.Id, me.Organization.Id);
        Assert.Contains("secret:read", me.Abilities);
        Assert.Null(me.Projects);
        Assert.Equal("Acme", Assert.Single(organizations).Name);
        Assert.Equal("team", info.Plan.Name);
        Assert.Equal(0, info.Usage.Projects);
        Assert.Contains(plans, p => p.Name == "free" && p.MaxProjects == 3);
    }

    [Fact]
    public async Task CreateOrganization_OwnerToken_ReturnsAWorkingOwnerToken()
    {
        using var org = await server.CreateOrganizationAsync();

        var created = await org.Client.CreateOrganizationAsync("Globex");

        var me = await org.NewClient(created.Token).GetMeAsync();
        Assert.Equal(created.Organization.Id, me.Organization.Id);
    }

    [Fact]
    public async Task Projects_CreateGetUpdateListDelete_RoundTrip()
    {
        using var org = await server.CreateOrganizationAsync();
        var projects = org.Owner.Projects;

        var created = await projects.CreateAsync(new CreateProjectRequest { Name = "My App (EU)", Description = "first", HistoryPolicy = HistoryPolicy.ReEncrypt });
        var updated = await projects.UpdateAsync("my-app-eu", new UpdateProjectRequest { Name = "My App", Slug = "my-app" });
        var fetched = await projects.GetAsync("my-app");
        var listed = new List<Project>();
        await foreach (var project in projects.ListAsync())
        {
            listed.Add(project);
        }

        await projects.DeleteAsync("my-app");

        Assert.Equal("my-app-eu", created.Slug);
        Assert.Equal(KeyManagement.Server, created.KeyManagement);
        Assert.Equal(HistoryPolicy.ReEncrypt, created.HistoryPolicy);
        Assert.Equal("active", created.KeyState);
        Assert.Equal("My App", updated.Name);
        Assert.Equal("first", fetched.Description);
        Assert.Equal(created.Id, Assert.Single(listed).Id);
        var gone = await Assert.ThrowsAsync<EnvelopeApiException>(() => projects.GetAsync("my-app"));
        Assert.Equal(EnvelopeErrorCodes.NotFound, gone.ErrorCode);
    }

    [Fact]
    public async Task TargetsAndEnvironments_UpdateAndDelete_RoundTrip()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var target = await org.Owner.Targets.UpdateAsync("app", "web", new UpdateNodeRequest { Description = "the API" });
        var environment = await org.Owner.Environments.UpdateAsync("app", "web", "prod", new UpdateNodeRequest { Slug = "production" });
        var fetched = await org.Owner.Environments.GetAsync("app", "web", "production");
        await org.Owner.Environments.DeleteAsync("app", "web", "production");
        await org.Owner.Targets.DeleteAsync("app", "web");

        Assert.Equal("target", target.Type);
        Assert.Equal("the API", target.Description);
        var gone = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.Owner.Targets.GetAsync("app", "web"));
        Assert.Equal(EnvelopeErrorCodes.NotFound, gone.ErrorCode);
        Assert.Equal("environment", environment.Type);
        Assert.Equal(environment.Id, fetched.Id);
    }

    [Fact]
    public async Task Tokens_CreateListRevoke_RevokedTokenStaysListed()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.Owner.Projects.CreateAsync(new CreateProjectRequest { Name = "app" });

        var created = await org.Owner.Tokens.CreateAsync(new CreateTokenRequest
        {
            Name = "ci", Abilities = ["secret:read"], Projects = ["app"], ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
        });
        await org.Owner.Tokens.RevokeAsync(created.Id);
        var listed = new List<ApiToken>();
        await foreach (var token in org.Owner.Tokens.ListAsync())
        {
            listed.Add(token);
        }

        Assert.StartsWith("envl_", created.Token, StringComparison.Ordinal);
        var ci = Assert.Single(listed, t => t.Id == created.Id);
        Assert.Equal("revoked", ci.Status);
        Assert.Equal(["app"], ci.Projects);
        Assert.NotNull(ci.RevokedAt);
    }

    [Fact]
    public async Task AuditAndUsage_AfterWrites_RecordEventsAndCountVersions()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await new ServerManagedSecrets(org.Owner, "app").PushAsync(new LevelPath("app", "web", "prod"), "A=1\n");

        var events = new List<AuditEvent>();
        await foreach (var e in org.Owner.Audit.ListAsync(new AuditEventQuery { Project = "app", Since = DateTimeOffset.UtcNow.AddMinutes(-5) }))
        {
            events.Add(e);
        }

        var usage = await org.Owner.GetUsageAsync();

        // The push fetched the level's data key to seal the blob: a key retrieval is audited (docs/audit.md).
        Assert.Equal(["secrets.store", "key.retrieve", "environment.create", "target.create", "project.create"], events.Select(e => e.Action));
        Assert.Equal(1, usage.ActiveVersions);
        Assert.Equal("app", Assert.Single(usage.Projects).Project);
        Assert.True(usage.StoredBytes > 0);
    }
}
