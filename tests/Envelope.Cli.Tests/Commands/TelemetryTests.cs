using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class TelemetryTests(ServerProcess server)
{
    private const string SecretName = "TELEMETRY_CANARY_KEY_7f3a";
    private const string SecretValue = "canary-value-91c2";

    /// <summary>A sandbox talking to the server through the proxy, which keeps every request it forwards.</summary>
    private static CliSandbox Sandbox(RateLimitingProxy proxy, string token)
    {
        var cli = new CliSandbox(proxy.Address) { TelemetryTimeout = TimeSpan.FromSeconds(20) };
        cli.Environment["ENVELOPE_TOKEN"] = token;
        return cli;
    }

    private static List<ForwardedRequest> Events(RateLimitingProxy proxy) =>
        [.. proxy.Forwarded.Where(r => r.Path == "/api/v1/telemetry")];

    /// <summary>Today's count of events named <paramref name="name"/>, from the server's own summary.</summary>
    private async Task<long> CountAsync(string name)
    {
        using var http = new HttpClient { BaseAddress = server.Server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.OwnerToken);
        var summary = Json.Parse(await http.GetStringAsync(new Uri("/api/v1/telemetry/summary?days=1&per_page=100", UriKind.Relative)));
        return summary.GetProperty("data").EnumerateArray().Where(r => r.GetProperty("name").GetString() == name).Sum(r => r.GetProperty("count").GetInt64());
    }

    private async Task<string> ProjectWithSecretAsync(CliSandbox cli)
    {
        var project = await Projects.CreateAsync(server);
        Assert.Equal(0, (await cli.RunWithInputAsync($"{SecretName}={SecretValue}\n", "push", "-", "-p", project)).ExitCode);
        return project;
    }

    [Fact]
    public async Task Telemetry_ByDefault_SendsNothing()
    {
        await using var proxy = new RateLimitingProxy(server.Server);
        using var cli = Sandbox(proxy, server.OwnerToken);
        var project = await ProjectWithSecretAsync(cli);
        var before = await CountAsync("get");

        var status = await cli.RunAsync("telemetry", "status", "--json");
        Assert.Equal(0, (await cli.RunAsync("get", SecretName, "-p", project)).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("get", "MISSING", "-p", project)).ExitCode);

        Assert.False(Json.Parse(status.Output).GetProperty("enabled").GetBoolean());
        Assert.Equal("default", Json.Parse(status.Output).GetProperty("source").GetString());
        Assert.Empty(Events(proxy));
        Assert.Equal(before, await CountAsync("get"));
    }

    [Fact]
    public async Task Telemetry_On_SendsExactlyTheAllowedFieldsAndNoArgument()
    {
        await using var proxy = new RateLimitingProxy(server.Server);
        using var cli = Sandbox(proxy, server.OwnerToken);
        var project = await ProjectWithSecretAsync(cli);
        var before = await CountAsync("get");
        Assert.Equal(0, (await cli.RunAsync("telemetry", "on")).ExitCode);
        Assert.Empty(Events(proxy));

        var get = await cli.RunAsync("get", SecretName, "-p", project, "--search", "CANARY");
        var failed = await cli.RunAsync("get", SecretName + "_MISSING", "-p", project);
        var versions = await cli.RunAsync("versions", "list", "-p", project);

        Assert.Equal(0, get.ExitCode);
        Assert.Equal(ExitCodes.NotFound, failed.ExitCode);
        Assert.Equal(0, versions.ExitCode);
        Assert.DoesNotContain("telemetry", get.Error, StringComparison.OrdinalIgnoreCase);
        var events = Events(proxy);
        Assert.Equal(3, events.Count);
        var first = Json.Parse(events[0].Body);
        Assert.Equal(["cli_version", "duration_ms", "event", "name", "os", "success"], first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("command", first.GetProperty("event").GetString());
        Assert.Equal("get", first.GetProperty("name").GetString());
        Assert.True(first.GetProperty("success").GetBoolean());
        Assert.Equal(OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "macos" : "windows", first.GetProperty("os").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$", first.GetProperty("cli_version").GetString()!);
        Assert.True(first.GetProperty("duration_ms").GetInt32() >= 0);
        Assert.False(Json.Parse(events[1].Body).GetProperty("success").GetBoolean());
        Assert.Equal("versions-list", Json.Parse(events[2].Body).GetProperty("name").GetString());
        foreach (var sent in events.Select(e => e.Body))
        {
            foreach (var secret in new[] { SecretName, "CANARY", SecretValue, project, server.Organization, server.OwnerToken, cli.WorkingDirectory, cli.Home })
            {
                Assert.DoesNotContain(secret, sent, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.Equal(before + 2, await CountAsync("get"));
    }

    [Fact]
    public async Task Telemetry_EnvironmentOverridesTheStoredChoice()
    {
        await using var proxy = new RateLimitingProxy(server.Server);
        using var cli = Sandbox(proxy, server.OwnerToken);
        Assert.Equal(0, (await cli.RunAsync("telemetry", "on")).ExitCode);

        cli.Environment["ENVELOPE_TELEMETRY"] = "0";
        Assert.Equal(0, (await cli.RunAsync("whoami")).ExitCode);
        Assert.Equal("ENVELOPE_TELEMETRY", Json.Parse((await cli.RunAsync("telemetry", "status", "--json")).Output).GetProperty("source").GetString());
        cli.Environment.Remove("ENVELOPE_TELEMETRY");
        cli.Environment["DO_NOT_TRACK"] = "1";
        Assert.Equal(0, (await cli.RunAsync("whoami")).ExitCode);
        var status = Json.Parse((await cli.RunAsync("telemetry", "status", "--json")).Output);
        Assert.Empty(Events(proxy));
        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.True(status.GetProperty("stored").GetBoolean());

        // DO_NOT_TRACK wins even over ENVELOPE_TELEMETRY=1.
        cli.Environment["ENVELOPE_TELEMETRY"] = "1";
        Assert.Equal(0, (await cli.RunAsync("whoami")).ExitCode);
        Assert.Empty(Events(proxy));

        cli.Environment.Remove("DO_NOT_TRACK");
        Assert.Equal(0, (await cli.RunAsync("telemetry", "off")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("whoami")).ExitCode);
        Assert.Equal("whoami", Json.Parse(Assert.Single(Events(proxy)).Body).GetProperty("name").GetString());

        cli.Environment.Remove("ENVELOPE_TELEMETRY");
        Assert.Equal(0, (await cli.RunAsync("whoami")).ExitCode);
        Assert.Single(Events(proxy));
    }

    [Fact]
    public async Task Telemetry_HelpVersionOrAParseError_SendNothing()
    {
        await using var proxy = new RateLimitingProxy(server.Server);
        using var cli = Sandbox(proxy, server.OwnerToken);
        cli.Environment["ENVELOPE_TELEMETRY"] = "1";

        Assert.Equal(0, (await cli.RunAsync("get", "--help")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("--version")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("get", SecretName, "--no-such-option")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync(SecretName)).ExitCode);
        Assert.Empty(Events(proxy));

        // The same sandbox does send for a command that ran, so the silence above is not a broken sender.
        Assert.Equal(0, (await cli.RunAsync("whoami")).ExitCode);
        Assert.Single(Events(proxy));
    }

    [Fact]
    public async Task Telemetry_NotLoggedIn_SendsNothing()
    {
        await using var proxy = new RateLimitingProxy(server.Server);
        using var cli = new CliSandbox(proxy.Address) { TelemetryTimeout = TimeSpan.FromSeconds(20) };
        cli.Environment["ENVELOPE_TELEMETRY"] = "1";

        Assert.Equal(0, (await cli.RunAsync("link", "--project", "anything")).ExitCode);
        Assert.Equal(ExitCodes.Unauthenticated, (await cli.RunAsync("whoami")).ExitCode);

        Assert.Empty(Events(proxy));
    }

    [Fact]
    public async Task Telemetry_ServerNeverAnswers_CommandSucceedsSilentlyWithinTheTimeout()
    {
        // Accepts the connection and never answers: the worst case for an event on its way.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptTcpClientAsync();
        using var cli = new CliSandbox(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"));
        cli.Environment["ENVELOPE_TOKEN"] = "envl_not_used_by_link";
        cli.Environment["ENVELOPE_TELEMETRY"] = "1";

        var clock = Stopwatch.StartNew();
        var link = await cli.RunAsync("link", "--project", "my-app");
        clock.Stop();

        Assert.Equal(0, link.ExitCode);
        Assert.StartsWith("Linked ", link.Error, StringComparison.Ordinal);
        Assert.Single(link.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var client = await accepted.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"link took {clock.Elapsed} with a server that never answers telemetry");
    }
}
