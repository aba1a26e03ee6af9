using System.Text.Json;
using System.Text.Json.Nodes;
using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Commands;

/// <summary>
/// <c>envelope login</c> through the browser, end to end against the real server: the test reads the URL the CLI prints
/// (--no-browser) and plays the browser with an HttpClient up to the redirect to the CLI's loopback listener.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BrowserLoginTests(ServerProcess server)
{
    [Fact]
    public async Task Login_ThroughTheBrowser_StoresRefreshableCredentialsForOwnerOnly()
    {
        using var cli = new CliSandbox(server.Server);

        var (login, page) = await LoginThroughBrowserAsync(cli);

        Assert.Equal(ExitCodes.Success, login.ExitCode);
        Assert.Contains("Signed in", page);
        using var json = JsonDocument.Parse(login.Output);
        Assert.Equal("browser", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(server.UserEmail, json.RootElement.GetProperty("token_name").GetString());
        Assert.Equal(server.Organization, json.RootElement.GetProperty("organization").GetString());
        var stored = ReadCredentials(cli);
        Assert.False(string.IsNullOrEmpty(stored["refresh_token"]?.GetValue<string>()));
        Assert.True(stored["access_token_expires_at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.DoesNotContain(stored["token"]!.GetValue<string>(), login.Output + login.Error);
        Assert.DoesNotContain(stored["refresh_token"]!.GetValue<string>(), login.Output + login.Error);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.CredentialsPath));
        }

        var whoami = await cli.RunAsync("whoami", "--json");

        Assert.Equal(ExitCodes.Success, whoami.ExitCode);
        Assert.Equal(server.UserEmail, Json.Parse(whoami.Output).GetProperty("name").GetString());
        var text = await cli.RunAsync("whoami");
        Assert.Contains("login:        browser", text.Output);
    }

    [Fact]
    public async Task Command_WithAnExpiredAccessToken_RefreshesItAndStoresTheRolledRefreshToken()
    {
        using var cli = new CliSandbox(server.Server);
        Assert.Equal(ExitCodes.Success, (await LoginThroughBrowserAsync(cli)).Login.ExitCode);
        var before = ReadCredentials(cli);
        before["access_token_expires_at"] = DateTimeOffset.UtcNow.AddMinutes(-1);
        WriteCredentials(cli, before);

        var whoami = await cli.RunAsync("whoami", "--json");

        Assert.Equal(ExitCodes.Success, whoami.ExitCode);
        var after = ReadCredentials(cli);
        Assert.NotEqual(before["refresh_token"]!.GetValue<string>(), after["refresh_token"]!.GetValue<string>());
        Assert.NotEqual(before["token"]!.GetValue<string>(), after["token"]!.GetValue<string>());
        Assert.True(after["access_token_expires_at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(10));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.CredentialsPath));
        }
    }

    [Fact]
    public async Task Command_WhoseAccessTokenIsRefused_RefreshesOnceAndSucceeds()
    {
        using var cli = new CliSandbox(server.Server);
        Assert.Equal(ExitCodes.Success, (await LoginThroughBrowserAsync(cli)).Login.ExitCode);
        var credentials = ReadCredentials(cli);
        credentials["token"] = "not-an-access-token";
        WriteCredentials(cli, credentials);

        var whoami = await cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Success, whoami.ExitCode);
        Assert.NotEqual("not-an-access-token", ReadCredentials(cli)["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Command_WithASpentRefreshToken_ExitsUnauthenticated()
    {
        using var cli = new CliSandbox(server.Server);
        Assert.Equal(ExitCodes.Success, (await LoginThroughBrowserAsync(cli)).Login.ExitCode);
        var original = ReadCredentials(cli);
        original["access_token_expires_at"] = DateTimeOffset.UtcNow.AddMinutes(-1);
        WriteCredentials(cli, original);
        Assert.Equal(ExitCodes.Success, (await cli.RunAsync("whoami")).ExitCode);

        // The old file again: its refresh token was spent by the refresh above, and reuse ends the whole login.
        WriteCredentials(cli, original);
        var whoami = await cli.RunAsync("whoami", "--json");

        Assert.Equal(ExitCodes.Unauthenticated, whoami.ExitCode);
        Assert.Equal("invalid_grant", Json.Parse(whoami.Output).GetProperty("error").GetString());
        Assert.Contains("envelope login", whoami.Error);
    }

    [Fact]
    public async Task Login_DeniedOnTheConsentPage_ExitsUnauthenticatedAndStoresNothing()
    {
        using var cli = new CliSandbox(server.Server);

        var (login, page) = await LoginThroughBrowserAsync(cli, decision: "deny");

        Assert.Equal(ExitCodes.Unauthenticated, login.ExitCode);
        Assert.Contains("access_denied", page);
        Assert.Equal("access_denied", Json.Parse(login.Output).GetProperty("error").GetString());
        Assert.False(File.Exists(cli.CredentialsPath));
    }

    [Fact]
    public async Task Login_WithoutTokenOffATerminal_ExitsUsageInsteadOfWaiting()
    {
        using var cli = new CliSandbox(server.Server);

        var login = await cli.RunAsync("login");

        Assert.Equal(ExitCodes.Usage, login.ExitCode);
        Assert.Contains("--token-stdin", login.Error);
    }

    [Fact]
    public async Task Logout_OfABrowserLogin_RevokesItOnTheServer()
    {
        using var cli = new CliSandbox(server.Server);
        Assert.Equal(ExitCodes.Success, (await LoginThroughBrowserAsync(cli)).Login.ExitCode);
        var stored = ReadCredentials(cli);

        var logout = await cli.RunAsync("logout", "--json");

        Assert.True(logout.ExitCode == ExitCodes.Success, logout.Error);
        var json = Json.Parse(logout.Output);
        Assert.True(json.GetProperty("logged_out").GetBoolean());
        Assert.True(json.GetProperty("revoked").GetBoolean());
        Assert.False(File.Exists(cli.CredentialsPath));
        using var http = new HttpClient { BaseAddress = server.Server };
        using var refresh = await http.PostAsync(new Uri("/api/oauth/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = stored["refresh_token"]!.GetValue<string>(),
            ["client_id"] = "envelope-cli",
        }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Equal("invalid_grant", Json.Parse(await refresh.Content.ReadAsStringAsync()).GetProperty("error").GetString());
        using var me = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/me", UriKind.Relative));
        me.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", stored["token"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(me)).StatusCode);
    }

    [Fact]
    public async Task Logout_WhenTheServerCannotBeReached_DeletesLocallyAndExitsNetwork()
    {
        using var cli = new CliSandbox(server.Server);
        Assert.Equal(ExitCodes.Success, (await LoginThroughBrowserAsync(cli)).Login.ExitCode);
        var stored = ReadCredentials(cli);
        stored["server"] = $"http://127.0.0.1:{ServerProcess.FreePort()}/";
        WriteCredentials(cli, stored);

        var logout = await cli.RunAsync("logout", "--json");

        Assert.Equal(ExitCodes.Network, logout.ExitCode);
        var json = Json.Parse(logout.Output);
        Assert.True(json.GetProperty("logged_out").GetBoolean());
        Assert.False(json.GetProperty("revoked").GetBoolean());
        Assert.Equal("network_error", json.GetProperty("error").GetString());
        Assert.False(File.Exists(cli.CredentialsPath));
        Assert.Contains("could not be revoked", logout.Error);
        Assert.DoesNotContain(stored["refresh_token"]!.GetValue<string>(), logout.Output + logout.Error);
    }

    private async Task<(CliResult Login, string Page)> LoginThroughBrowserAsync(CliSandbox cli, string decision = "allow")
    {
        using var browser = new BrowserPlayer(server);
        Task<string>? signIn = null;
        cli.OnErrorLine = line =>
        {
            if (line.Trim() is var url && url.StartsWith(server.Server.ToString().TrimEnd('/') + "/api/oauth/authorize?", StringComparison.Ordinal))
            {
                Assert.Contains("code_challenge_method=S256", url);
                Assert.Contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A", url);
                signIn = Task.Run(() => browser.SignInAsync(new Uri(url), decision));
            }
        };

        var login = await cli.RunAsync("login", "--no-browser", "--json");
        cli.OnErrorLine = null;
        Assert.NotNull(signIn);
        try
        {
            return (login, await signIn);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"The browser failed; the CLI exited {login.ExitCode}: {login.Error}", e);
        }
    }

    private static JsonObject ReadCredentials(CliSandbox cli) => JsonNode.Parse(File.ReadAllText(cli.CredentialsPath))!.AsObject();

    private static void WriteCredentials(CliSandbox cli, JsonObject credentials) => File.WriteAllText(cli.CredentialsPath, credentials.ToJsonString());
}
