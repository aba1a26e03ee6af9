using System.Security.Cryptography;
using Envelope.Server.Keys;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Operations;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MasterKeyFileTests
{
    public static TheoryData<string, int> SharedFiles => new()
    {
        { "data", 0b110_100_100 },
        { "data", 0b110_100_000 },
        { "data", 0b110_000_001 },
        { "outside", 0b110_000_100 },
        { "outside", 0b100_010_000 },
    };

    [Theory]
    [MemberData(nameof(SharedFiles))]
    public async Task Start_WithAKeyFileOthersCanRead_IsRefused(string where, int mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var database = await TestDatabase.CreateAsync();
        var outside = Directory.CreateTempSubdirectory("envelope-key-");
        var path = where == "data" ? Path.Combine(database.Directory, "master.key") : Path.Combine(outside.FullName, "key");
        await File.WriteAllTextAsync(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        var environment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" };
        if (where == "outside")
        {
            environment["ENVELOPE_MASTER_KEY_FILE"] = path;
        }

        var (exitCode, output, error) = await ServerCommand.RunAsync(database, environment);
        outside.Delete(true);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("Envelope cannot start:", StringComparison.Ordinal));
        Assert.Contains("chmod 600", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratedKeyFile_IsOwnerOnly()
    {
        var app = new EnvelopeApplication();
        await ((IAsyncLifetime)app).InitializeAsync();
        _ = app.Services.GetRequiredService<MasterKey>();

        var mode = File.GetUnixFileMode(Path.Combine(app.Database.Directory, "master.key"));

        await ((IAsyncLifetime)app).DisposeAsync();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task SystemdCredential_IsTheMasterKey()
    {
        var credentials = Directory.CreateTempSubdirectory("envelope-credentials-");
        var key = RandomNumberGenerator.GetBytes(32);
        var path = Path.Combine(credentials.FullName, "envelope-master-key");
        await File.WriteAllTextAsync(path, Convert.ToBase64String(key));
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        var app = new EnvelopeApplication();
        app.Settings["CREDENTIALS_DIRECTORY"] = credentials.FullName;
        await ((IAsyncLifetime)app).InitializeAsync();

        var loaded = app.Services.GetRequiredService<MasterKey>();

        var generated = File.Exists(Path.Combine(app.Database.Directory, "master.key"));
        await ((IAsyncLifetime)app).DisposeAsync();
        credentials.Delete(true);
        Assert.Equal(new MasterKey(key).Id, loaded.Id);
        Assert.False(generated);
    }
}
