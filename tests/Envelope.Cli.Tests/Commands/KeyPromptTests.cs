using System.Diagnostics;
using System.Text;
using Envelope.Cli.Tests.Infrastructure;
using Envelope.Client;
using Envelope.Crypto;

namespace Envelope.Cli.Tests.Commands;

/// <summary>
/// The hidden key prompt needs a real terminal: the CLI runs as a process under script(1), which gives it a
/// pseudo-terminal; the test types the key once the prompt shows, and checks it was not echoed.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class KeyPromptTests(ServerProcess server)
{
    [Fact]
    public async Task Pull_OnATerminalWithoutKey_AsksForItWithoutEcho()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/script"))
        {
            return;
        }

        var key = ClientKey.Generate();
        var project = await Projects.CreateAsync(server, ClientManagedSecrets.CreateProjectRequest(Projects.UniqueName(), key));
        using (var client = Projects.OwnerClient(server))
        {
            await new ClientManagedSecrets(client.Organization(server.Organization), project, key).PushAsync(new LevelPath(project), "S=typed-key-works\n");
        }

        using var cli = new CliSandbox(server.Server);
        var envelope = Path.Combine(AppContext.BaseDirectory, "envelope.dll");
        var start = new ProcessStartInfo("/usr/bin/script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = cli.WorkingDirectory,
        };
        foreach (var argument in new[] { "-qec", $"dotnet '{envelope}' pull -p {project}", "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in cli.Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["ENVELOPE_TOKEN"] = server.OwnerToken;
        start.Environment.Remove("ENVELOPE_KEY");
        using var process = Process.Start(start)!;
        try
        {
            var seen = new StringBuilder();
            var buffer = new char[1024];
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!seen.ToString().Contains("Client key of", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"No prompt within 60 s: {seen}");
                var read = await process.StandardOutput.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.True(read > 0, $"The CLI ended without asking: {seen}");
                seen.Append(buffer, 0, read);
            }

            await process.StandardInput.WriteAsync(key + "\r");
            await process.StandardInput.FlushAsync();
            seen.Append(await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60)));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(0, process.ExitCode);
            Assert.Contains("S=typed-key-works", seen.ToString());
            Assert.DoesNotContain(key, seen.ToString());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
