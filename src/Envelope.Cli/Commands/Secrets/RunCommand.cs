using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Envelope.Cli.Configuration;
using Envelope.Cli.Secrets;

namespace Envelope.Cli.Commands.Secrets;

/// <summary>
/// <c>envelope run -- COMMAND ARGS</c>: runs a command with the linked level's merged secrets added to its environment,
/// and exits with its exit code.
/// </summary>
internal sealed class RunCommand : BaseCommand
{
    private readonly Argument<string[]> _command = new("COMMAND")
    {
        Description = "The command and its arguments, after '--'.",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly LevelOptions _level = new();

    private readonly ClientKeySource _key = new();

    private readonly Option<string[]> _allowEnv = new("--allow-env")
    {
        Description = "Let a secret set this loader or interpreter hook (LD_PRELOAD, NODE_OPTIONS, PATH, ...); repeat for each.",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<bool> _keepEnvelopeEnv = new("--keep-envelope-env")
    {
        Description = $"Pass {EnvironmentVariables.Token}, {EnvironmentVariables.Key} and {EnvironmentVariables.Passphrase} on to the command (by default it does not see Envelope's credentials).",
    };

    public RunCommand(CliContext context, GlobalOptions global)
        : base("run", """
            Run a command with the merged secrets of the linked level in its environment. The secrets override variables
            of the same name. The command's exit code is envelope's; SIGTERM and SIGHUP are passed on to it, and Ctrl-C
            reaches it from the terminal while envelope waits for it to end.
            """, context, global)
    {
        Arguments.Add(_command);
        _level.AddTo(this);
        AddOptions(_key.Options);
        Options.Add(_allowEnv);
        Options.Add(_keepEnvelopeEnv);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope run -- dotnet run", "envelope run --environment staging --target backend -- ./migrate.sh --dry-run"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var command = parseResult.GetRequiredValue(_command);
        var level = _level.Resolve(parseResult, Context);
        IReadOnlyDictionary<string, string> secrets;
        using (var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false))
        {
            var key = await _key.ResolveForProjectAsync(parseResult, Context, session.Organization, level.Project, cancellationToken, WantsJson(parseResult)).ConfigureAwait(false);
            secrets = await SecretsGateway.PullMergedAsync(session.Organization, level, key, cancellationToken, new ChainWatch(Context, session.Client.Server)).ConfigureAwait(false);
        }

        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            WorkingDirectory = Context.WorkingDirectory,
            RedirectStandardOutput = !Context.InheritsProcessStreams,
            RedirectStandardError = !Context.InheritsProcessStreams,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var allowed = new HashSet<string>(parseResult.GetValue(_allowEnv) ?? [], StringComparer.Ordinal);
        var (variables, refused) = ChildEnvironment.Build(Context.Environment, secrets, parseResult.GetValue(_keepEnvelopeEnv), allowed);
        if (refused.Count > 0)
        {
            await InformAsync($"Not set, because they would hook the command's loader or interpreter: {string.Join(", ", refused)}. "
                + "Pass --allow-env NAME for each you mean.").ConfigureAwait(false);
        }

        start.Environment.Clear();
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException(ExitCodes.Error, "start_failed", $"Could not start {command[0]}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliException(ExitCodes.Error, "start_failed", $"Could not start {command[0]}: {e.Message}");
        }

        using (process)
        using (ForwardSignals(process))
        {
            var pumps = Context.InheritsProcessStreams
                ? Task.CompletedTask
                : Task.WhenAll(Pump(process.StandardOutput, Context.Out), Pump(process.StandardError, Context.Error));
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await pumps.ConfigureAwait(false);
            return process.ExitCode;
        }
    }

    private static async Task Pump(StreamReader from, TextWriter to)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
        }

        await to.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps envelope alive until the child ends. The terminal already sends Ctrl-C and Ctrl-\ to the whole foreground
    /// process group, so those are only kept from ending envelope; SIGTERM and SIGHUP, sent to envelope alone, are
    /// passed on.
    /// </summary>
    private static CompositeDisposable ForwardSignals(Process process)
    {
        var registrations = new CompositeDisposable();
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true));
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => context.Cancel = true));
        if (!OperatingSystem.IsWindows())
        {
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, process)));
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => Forward(context, process)));
        }

        return registrations;
    }

    private static void Forward(PosixSignalContext context, Process process)
    {
        context.Cancel = true;
        try
        {
            if (!process.HasExited)
            {
                // PosixSignal values are placeholders, not the numbers; Linux and macOS agree on these two.
                _ = NativeMethods.Kill(process.Id, context.Signal == PosixSignal.SIGTERM ? 15 : 1);
            }
        }
        catch (InvalidOperationException)
        {
            // The child ended meanwhile; nothing to forward to.
        }
    }

    private sealed class CompositeDisposable : IDisposable
    {
        private readonly List<IDisposable> _items = [];

        public void Add(IDisposable item) => _items.Add(item);

        public void Dispose()
        {
            foreach (var item in _items)
            {
                item.Dispose();
            }
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int pid, int signal);
    }
}
