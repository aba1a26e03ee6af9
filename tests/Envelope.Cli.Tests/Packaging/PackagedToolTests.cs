using System.Diagnostics;
using Envelope.Cli.Tests.Infrastructure;

namespace Envelope.Cli.Tests.Packaging;

/// <summary>
/// The README's install, done for real: <c>dotnet pack</c> of the CLI (the build the tests already made), then
/// <c>dotnet tool install</c> from that folder alone (a nuget.config that clears every other source keeps it offline and
/// keeps a same-named package elsewhere out), then the installed <c>envelope</c>. About 10–15 s.
/// </summary>
public sealed class PackagedToolTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "envelope_pack_" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task PackedTool_InstalledFromALocalFolder_AnswersHelpAndVersion()
    {
        var repository = ServerProcess.FindRepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var packages = Path.Combine(_root, "packages");
        var tools = Path.Combine(_root, "tools");
        var config = Path.Combine(_root, "nuget.config");
        Directory.CreateDirectory(_root);
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);

        var pack = await RunAsync("dotnet", "pack", Path.Combine(repository, "src", "Envelope.Cli"), "-c", configuration, "--no-build", "-o", packages);
        Assert.True(pack.ExitCode == 0, pack.Output);
        var install = await RunAsync("dotnet", "tool", "install", "--tool-path", tools, "--configfile", config, "Envelope.Cli");
        Assert.True(install.ExitCode == 0, install.Output);

        var envelope = Path.Combine(tools, OperatingSystem.IsWindows() ? "envelope.exe" : "envelope");
        var help = await RunAsync(envelope, "--help");
        var version = await RunAsync(envelope, "--version");
        var initHelp = await RunAsync(envelope, "init", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("login", help.Output);
        Assert.Contains("diff", help.Output);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output.Trim());
        Assert.Equal(0, initHelp.ExitCode);
        Assert.Contains("Examples:", initHelp.Output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }
}
