using System.CommandLine;

namespace Envelope.Cli;

/// <summary>The options every command takes (recursive on the root command).</summary>
internal sealed class GlobalOptions
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"The Envelope server [env: {EnvironmentVariables.Server}; default: the server logged in to, else {DefaultServer}].",
        Recursive = true,
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = $"Allow sending credentials over plain http:// to a host that is not loopback [env: {EnvironmentVariables.Insecure}=1].",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON on standard output (errors too).",
        Recursive = true,
    };
}
