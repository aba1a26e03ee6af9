using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class ManagementTests(ServerProcess server)
{
    private CliSandbox Sandbox()
    {
        var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        return cli;
    }

    [Fact]
    public async Task ProjectsTargetsEnvironments_CreateListGetDelete()
    {
        using var cli = Sandbox();
        var name = Projects.UniqueName();

        var create = await cli.RunAsync("projects", "create", name, "--description", "from the CLI", "--json");
        Assert.True(create.ExitCode == 0, create.Error);
        var slug = Json.Parse(create.Output).GetProperty("slug").GetString()!;
        Assert.Equal(ExitCodes.Conflict, (await cli.RunAsync("projects", "create", name, "--slug", slug)).ExitCode);

        var list = await cli.RunAsync("projects", "list");
        Assert.Contains(slug, list.Output);
        var get = await cli.RunAsync("projects", "get", slug, "--json");
        Assert.Equal("from the CLI", Json.Parse(get.Output).GetProperty("description").GetString());

        Assert.Equal(0, (await cli.RunAsync("targets", "create", "Web front", "--slug", "web", "-p", slug)).ExitCode);
        Assert.Contains("web", (await cli.RunAsync("targets", "list", "-p", slug)).Output);
        Assert.Equal(0, (await cli.RunAsync("link", "--project", slug, "--target", "web")).ExitCode);
        var env = await cli.RunAsync("environments", "create", "staging", "--json");
        Assert.True(env.ExitCode == 0, env.Error);
        Assert.Equal("staging", Json.Parse(env.Output).GetProperty("slug").GetString());
        var envs = await cli.RunAsync("environments", "list", "--json");
        Assert.Single(Json.Parse(envs.Output).EnumerateArray());

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("environments", "delete", "staging")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("environments", "delete", "staging", "--yes")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("targets", "delete", "web", "--yes")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("targets", "delete", "web", "--yes")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("projects", "delete", slug, "--yes")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("projects", "get", slug)).ExitCode);
    }

    [Fact]
    public async Task Update_ProjectTargetEnvironment_ChangesOnlyWhatIsGiven()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();
        Assert.Equal(0, (await cli.RunAsync("link", "-p", project, "-t", "backend", "-e", "production")).ExitCode);

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("projects", "update", project)).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("projects", "update", project, "--history", "sometimes")).ExitCode);
        var renamed = await cli.RunAsync("projects", "update", project, "--name", "Renamed", "--history", "re_encrypt", "--json");
        Assert.True(renamed.ExitCode == 0, renamed.Error);
        var json = Json.Parse(renamed.Output);
        Assert.Equal(("Renamed", project, "re_encrypt"), (json.GetProperty("name").GetString(), json.GetProperty("slug").GetString(), json.GetProperty("history_policy").GetString()));

        // The environment and target first, while the link still names them.
        var env = await cli.RunAsync("environments", "update", "production", "--slug", "prod", "--description", "live");
        Assert.True(env.ExitCode == 0, env.Error);
        Assert.Equal("prod", env.Output.Trim());
        Assert.Contains($"envelope link --project {project} --target backend --environment prod", env.Error);
        var envs = Json.Parse((await cli.RunAsync("environments", "list", "-p", project, "-t", "backend", "--json")).Output);
        Assert.Equal(("prod", "production", "live"), (envs[0].GetProperty("slug").GetString(), envs[0].GetProperty("name").GetString(), envs[0].GetProperty("description").GetString()));

        var target = await cli.RunAsync("targets", "update", "backend", "--name", "Back end", "--json");
        Assert.True(target.ExitCode == 0, target.Error);
        Assert.Equal(("backend", "Back end"), (Json.Parse(target.Output).GetProperty("slug").GetString(), Json.Parse(target.Output).GetProperty("name").GetString()));
        Assert.DoesNotContain(".envelope.json", target.Error);

        var moved = project + "-moved";
        var slug = await cli.RunAsync("projects", "update", project, "--slug", moved);
        Assert.True(slug.ExitCode == 0, slug.Error);
        Assert.Contains("still names the old slug", slug.Error);
        var get = Json.Parse((await cli.RunAsync("projects", "get", moved, "--json")).Output);
        Assert.Equal(("Renamed", "re_encrypt"), (get.GetProperty("name").GetString(), get.GetProperty("history_policy").GetString()));
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("projects", "update", project, "--name", "x")).ExitCode);

        var other = await Projects.CreateAsync(server);
        var taken = await cli.RunAsync("projects", "update", other, "--slug", moved, "--json");
        Assert.Equal(ExitCodes.Conflict, taken.ExitCode);
        Assert.Equal("slug_taken", Json.Parse(taken.Output).GetProperty("error").GetString());
        Assert.Equal(ExitCodes.Conflict, (await cli.RunAsync("targets", "update", "backend", "-p", other, "--slug", "Not A Slug")).ExitCode);
    }

    [Fact]
    public async Task Tokens_CreatePrintsOnce_ListRevoke()
    {
        var project = await Projects.CreateAsync(server);
        using var cli = Sandbox();

        var create = await cli.RunAsync("tokens", "create", "ci", "--ability", "secret:read", "--ability", "project:read", "--project", project, "--expires-in", "30d");
        Assert.True(create.ExitCode == 0, create.Error);
        var token = create.Output.Trim();
        Assert.DoesNotContain(token, create.Error);

        using var other = new CliSandbox(server.Server);
        other.Environment["ENVELOPE_TOKEN"] = token;
        var whoami = await other.RunAsync("whoami", "--json");
        Assert.Equal(ExitCodes.Success, whoami.ExitCode);
        var me = Json.Parse(whoami.Output);
        var id = me.GetProperty("id").GetString()!;
        Assert.Equal(2, me.GetProperty("abilities").GetArrayLength());
        Assert.True(me.TryGetProperty("expires_at", out _));
        Assert.Equal(ExitCodes.Forbidden, (await other.RunAsync("tokens", "list")).ExitCode);

        var list = await cli.RunAsync("tokens", "list", "--json");
        Assert.Contains(Json.Parse(list.Output).EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(token, list.Output);

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("tokens", "create", "x", "-a", "secret:read", "--expires-in", "soon")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("tokens", "revoke", id, "--yes")).ExitCode);
        Assert.Equal(ExitCodes.Unauthenticated, (await other.RunAsync("whoami")).ExitCode);
    }

    [Fact]
    public async Task TokensList_ShowsCreatorAndLastUse_FlagsExpiredUnusedAndNeverExpiring()
    {
        using var cli = Sandbox();
        var me = Json.Parse((await cli.RunAsync("whoami", "--json")).Output).GetProperty("id").GetString()!;

        var defaulted = Json.Parse((await cli.RunAsync("tokens", "create", "defaulted", "-a", "secret:read", "--json")).Output);
        Assert.True(defaulted.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(89));
        var forever = await cli.RunAsync("tokens", "create", "forever", "-a", "secret:read", "--never-expires", "--json");
        Assert.True(forever.ExitCode == 0, forever.Error);
        Assert.False(Json.Parse(forever.Output).TryGetProperty("expires_at", out _));
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("tokens", "create", "both", "-a", "secret:read", "--never-expires", "--expires-in", "1d")).ExitCode);

        // The API takes any future instant; the CLI's shortest lifetime is a minute, so the expired token comes from the API.
        using (var http = new HttpClient { BaseAddress = server.Server })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", server.OwnerToken);
            using var body = new StringContent(
                $$"""{"name":"short","abilities":["secret:read"],"expires_at":"{{DateTimeOffset.UtcNow.AddSeconds(2):O}}"}""",
                System.Text.Encoding.UTF8, "application/json");
            using var created = await http.PostAsync(new Uri($"/api/v1/{server.Organization}/tokens", UriKind.Relative), body);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var list = await cli.RunAsync("tokens", "list", "--json");
        Assert.True(list.ExitCode == 0, list.Error);
        var tokens = Json.Parse(list.Output).EnumerateArray().ToList();
        string[] Flags(string name) =>
            [.. tokens.Last(t => t.GetProperty("name").GetString() == name).GetProperty("flags").EnumerateArray().Select(f => f.GetString()!)];

        Assert.Equal(["unused"], Flags("defaulted"));
        Assert.Equal(["unused", "never_expires"], Flags("forever"));
        Assert.Equal(["expired"], Flags("short"));
        var owner = tokens.Single(t => t.GetProperty("id").GetString() == me);
        Assert.True(owner.TryGetProperty("last_used_at", out _));
        Assert.DoesNotContain("unused", owner.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var creator = tokens.Last(t => t.GetProperty("name").GetString() == "defaulted").GetProperty("created_by");
        Assert.Equal(("token", me), (creator.GetProperty("type").GetString(), creator.GetProperty("id").GetString()));

        var flagged = await cli.RunAsync("tokens", "list", "--flagged");
        Assert.Contains("expired", flagged.Output);
        Assert.Contains("never_expires", flagged.Output);
        Assert.Contains($"token {me}", flagged.Output);
    }
}
