namespace Envelope.Server.Tests.Infrastructure;

/// <summary>A wrong setting stops the server before it takes a request, with a message naming the setting.</summary>
public sealed class SettingsValidationTests
{
    public static TheoryData<string, string> WrongSettings => new()
    {
        { "ENVELOPE_CONSOLE_IDLE_MINUTES", "0" },
        { "ENVELOPE_SECRET_CACHE_SECONDS", "-1" },
        { "ENVELOPE_TOKEN_CACHE_SECONDS", "100000" },
        { "ENVELOPE_MAX_REQUEST_BODY_BYTES", "10" },
        { "ENVELOPE_JOBS_LEASE", "00:00:00" },
        { "ENVELOPE_TRUSTED_PROXIES", "10.0.0.1,not-an-address" },
        { "ENVELOPE_MASTER_KEY", "too-short" },
        { "ENVELOPE_MASTER_KEY_FILE", "/nonexistent/master.key" },
        { "ENVELOPE_DATABASE", "Host=localhost;Unknown Keyword=1" },
        { "ENVELOPE_SIGNIN_LOCK_FAILURES", "1" },
        { "ENVELOPE_SIGNIN_FORGET_MINUTES", "5" },
        { "ENVELOPE_PASSWORD_HASH_CONCURRENCY", "0" },
        { "ENVELOPE_PASSWORD_HASH_QUEUE", "-1" },
    };

    [Theory]
    [MemberData(nameof(WrongSettings))]
    public async Task Start_WithWrongSetting_ExitsWithOneLineNamingIt(string setting, string value)
    {
        await using var database = await TestDatabase.CreateAsync();

        var (exitCode, output, error) = await ServerCommand.RunAsync(
            database, new Dictionary<string, string> { [setting] = value, ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("Envelope cannot start:", StringComparison.Ordinal));
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        if (setting is "ENVELOPE_MASTER_KEY" or "ENVELOPE_DATABASE")
        {
            // Key material and connection strings are never quoted back.
            Assert.DoesNotContain(value, output + error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_WithCorrectSettings_Serves()
    {
        await using var app = new EnvelopeApplication();
        await ((IAsyncLifetime)app).InitializeAsync();
        app.Settings["ENVELOPE_CONSOLE_IDLE_MINUTES"] = "5";
        app.Settings["ENVELOPE_TRUSTED_PROXIES"] = "10.0.0.1, 192.168.0.0/16";
        app.Settings["ENVELOPE_MASTER_KEY"] = Convert.ToBase64String(new byte[32]);

        var response = await app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.True(response.IsSuccessStatusCode);
    }
}
