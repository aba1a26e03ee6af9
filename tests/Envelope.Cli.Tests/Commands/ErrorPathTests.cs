using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Commands;

/// <summary>What a user sees when the server refuses or cannot be reached: the documented exit codes, one clear line.</summary>
[Collection(ServerCollection.Name)]
public sealed class ErrorPathTests(ServerProcess server)
{
    [Fact]
    public async Task Command_RateLimitedOnce_WaitsForRetryAfterAndSucceeds()
    {
        await using var proxy = new RateLimitingProxy(server.Server);
        using var cli = new CliSandbox(proxy.Address);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        cli.Environment["ENVELOPE_RETRIES"] = "2";
        proxy.RefuseNext = 1;

        var started = DateTime.UtcNow;
        var whoami = await cli.RunAsync("whoami", "--json");

        Assert.Equal(ExitCodes.Success, whoami.ExitCode);
        Assert.Equal(server.Organization, Json.Parse(whoami.Output).GetProperty("organization").GetProperty("id").GetString());
        // The refused /me, its retry, and whoami's own /me (the session learns the organization from the first).
        Assert.Equal(3, proxy.Requests);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "The retry came before Retry-After.");
    }

    [Fact]
    public async Task Command_RateLimitedWithoutRetries_ExitsRateLimitedAndSaysWhenToRetry()
    {
        await using var proxy = new RateLimitingProxy(server.Server, retryAfterSeconds: 7);
        using var cli = new CliSandbox(proxy.Address);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        proxy.RefuseNext = 1;

        var whoami = await cli.RunAsync("whoami", "--json");

        Assert.Equal(ExitCodes.RateLimited, whoami.ExitCode);
        Assert.Equal("rate_limited", Json.Parse(whoami.Output).GetProperty("error").GetString());
        Assert.Contains("Retry after 7 s.", whoami.Error);
    }

    [Fact]
    public async Task Pull_WithARevokedToken_ExitsUnauthenticated()
    {
        using var cli = new CliSandbox(server.Server);
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        var created = await cli.RunAsync("tokens", "create", "short-lived", "--ability", "secret:read", "--json");
        var token = Json.Parse(created.Output);
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("tokens", "revoke", token.GetProperty("id").GetString()!, "--yes")).ExitCode);
        cli.Environment["ENVELOPE_TOKEN"] = token.GetProperty("token").GetString()!;

        var pull = await cli.RunAsync("pull", "-p", "anything", "--json");

        Assert.Equal(ExitCodes.Unauthenticated, pull.ExitCode);
        Assert.Equal("unauthenticated", Json.Parse(pull.Output).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Push_WithNoServerListening_ExitsNetworkAfterItsRetries()
    {
        using var cli = new CliSandbox(new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}"));
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        cli.Environment["ENVELOPE_RETRIES"] = "1";
        cli.WriteFile(".env", "A=1\n");

        var push = await cli.RunAsync("push", "-p", "anything", "--json");

        Assert.Equal(ExitCodes.Network, push.ExitCode);
        Assert.Equal("network_error", Json.Parse(push.Output).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Command_ToAPlainHttpServerOffLoopback_RefusesToSendTheToken_UnlessInsecure()
    {
        // 0.0.0.0 is not a loopback address to the CLI, yet a connection to it fails at once on this machine.
        using var cli = new CliSandbox(new Uri($"http://0.0.0.0:{ServerProcess.FreePort()}"));
        cli.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        cli.Environment["ENVELOPE_RETRIES"] = "0";
        cli.WriteFile(".env", "A=1\n");

        var refused = await cli.RunAsync("push", "-p", "anything", "--json");
        var insecure = await cli.RunAsync("push", "-p", "anything", "--json", "--insecure");

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Equal("insecure_server", Json.Parse(refused.Output).GetProperty("error").GetString());
        Assert.Equal(ExitCodes.Network, insecure.ExitCode);
        Assert.Equal("network_error", Json.Parse(insecure.Output).GetProperty("error").GetString());
    }
}
