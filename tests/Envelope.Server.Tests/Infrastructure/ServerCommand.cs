using System.Diagnostics;

namespace Envelope.Server.Tests.Infrastructure;

/// <summary>Runs the built server assembly as an operator would, against a test's database.</summary>
public static class ServerCommand
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(TestDatabase database, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = database.Directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Envelope.Server.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ENVELOPE_DATABASE"] = database.ConnectionString;
        start.Environment["ENVELOPE_DATA_DIR"] = database.Directory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }
}
