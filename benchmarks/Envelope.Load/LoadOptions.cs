using System.Globalization;

namespace Envelope.Load;

/// <summary>Command-line options; every run is bounded by <see cref="Duration"/> and <see cref="Warmup"/>.</summary>
internal sealed record LoadOptions(
    TimeSpan Duration, TimeSpan Warmup, int Connections, int Threads, bool RequestLogging, string? ServerBuild = null, string? Postgres = null)
{
    public static readonly LoadOptions Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), Connections: 16, Threads: 2, RequestLogging: false);

    public const string Usage = """
        Envelope.Load: wrk against the real server (SQLite, or PostgreSQL) and a do-nothing Kestrel baseline, on 127.0.0.1.

        Usage: benchmarks/load/run.sh [options]

          --duration SECONDS      measured seconds per scenario (default 10, at most 600)
          --warmup SECONDS        unmeasured seconds before each scenario (default 3; 0 for none)
          --connections N         wrk connections (default 16)
          --threads N             wrk threads (default 2; at most the connections)
          --request-logging       keep the server's per-request HTTP log on (appsettings.json's default);
                                  by default it is raised to Warning, as the rest of the logging is
          --server-build DIR      the server's build output to run (default: this repository's
                                  src/Envelope.Server/bin/Release/net10.0), e.g. a build of another commit
          --postgres CONNECTION   run the server on a fresh database of this PostgreSQL server (an admin
                                  connection string, e.g. what scripts/test-postgres.sh start exports as
                                  ENVELOPE_TEST_POSTGRES); dropped afterwards. Default: a fresh SQLite file
          -h, --help              this text

        Exit codes: 0 measured (targets met or not), 1 a measurement saw errors, 2 set-up failed, 64 bad arguments.
        """;

    /// <summary>The options, or null with <paramref name="error"/> set (empty when help was asked for).</summary>
    public static LoadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = Default;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "-h" or "--help":
                    error = string.Empty;
                    return null;
                case "--request-logging":
                    options = options with { RequestLogging = true };
                    continue;
                case "--server-build" when i + 1 < args.Count:
                    options = options with { ServerBuild = Path.GetFullPath(args[++i]) };
                    continue;
                case "--server-build":
                    error = "--server-build needs a directory.";
                    return null;
                case "--postgres" when i + 1 < args.Count:
                    options = options with { Postgres = args[++i] };
                    continue;
                case "--postgres":
                    error = "--postgres needs a connection string.";
                    return null;
                case "--duration" or "--warmup" or "--connections" or "--threads":
                    break;
                default:
                    error = $"Unknown option '{name}'.";
                    return null;
            }

            if (i + 1 >= args.Count || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                error = $"{name} needs a whole number.";
                return null;
            }

            options = name switch
            {
                "--duration" => options with { Duration = TimeSpan.FromSeconds(value) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(value) },
                "--connections" => options with { Connections = value },
                _ => options with { Threads = value },
            };
        }

        error = options.Validate();
        return error is null ? options : null;
    }

    private string? Validate()
    {
        if (Duration < TimeSpan.FromSeconds(1) || Duration > TimeSpan.FromMinutes(10))
        {
            return "--duration must be 1 to 600 seconds.";
        }

        if (Warmup > TimeSpan.FromMinutes(1))
        {
            return "--warmup must be at most 60 seconds.";
        }

        if (Connections is < 1 or > 512)
        {
            return "--connections must be 1 to 512.";
        }

        return Threads < 1 || Threads > Connections ? "--threads must be 1 to the number of connections." : null;
    }
}
