using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Envelope.Cli.Commands.Account;
using Envelope.Cli.Commands.Audit;
using Envelope.Cli.Commands.Deleted;
using Envelope.Cli.Commands.Environments;
using Envelope.Cli.Commands.Keys;
using Envelope.Cli.Commands.Organizations;
using Envelope.Cli.Commands.Projects;
using Envelope.Cli.Commands.Secrets;
using Envelope.Cli.Commands.Targets;
using Envelope.Cli.Commands.Telemetry;
using Envelope.Cli.Commands.Tokens;
using Envelope.Cli.Commands.Versions;
using Envelope.Cli.Commands.Workspace;
using Envelope.Cli.Output;
using Envelope.Cli.Telemetry;

namespace Envelope.Cli;

/// <summary>Builds the command tree and runs one command line; the process entry and the tests both come here.</summary>
internal static class CliApp
{
    public static RootCommand CreateRootCommand(CliContext context) => CreateRootCommand(context, new GlobalOptions());

    private static RootCommand CreateRootCommand(CliContext context, GlobalOptions global)
    {
        var root = new RootCommand("envelope: the command line of Envelope, a self-hostable secrets manager.")
        {
            global.Server,
            global.Json,
            global.Insecure,
            new LoginCommand(context, global),
            new LogoutCommand(context, global),
            new WhoamiCommand(context, global),
            new InitCommand(context, global),
            new LinkCommand(context, global),
            new PushCommand(context, global),
            new PullCommand(context, global),
            new DiffCommand(context, global),
            new RunCommand(context, global),
            new GetCommand(context, global),
            new SetCommand(context, global),
            new UnsetCommand(context, global),
            new SecretsCommand(context, global),
            new VersionsCommand(context, global),
            new KeysCommand(context, global),
            new ProjectsCommand(context, global),
            new TargetsCommand(context, global),
            new EnvironmentsCommand(context, global),
            new DeletedCommand(context, global),
            new TokensCommand(context, global),
            new AuditCommand(context, global),
            new UsageCommand(context, global),
            new OrganizationsCommand(context, global),
            new TelemetryCommand(context, global),
        };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesHelpAction((SynchronousCommandLineAction)help.Action!, context);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var global = new GlobalOptions();
        var root = CreateRootCommand(context, global);
        var parseResult = root.Parse(args);
        // "envelope init --help" lacks init's argument, yet asks for help: help wins over the missing pieces.
        if (parseResult.Errors.Count > 0 && parseResult.Action is not ExamplesHelpAction)
        {
            var message = string.Join(" ", parseResult.Errors.Select(e => e.Message));
            ErrorReporter.Write(context, args.Contains("--json"), "usage", message + " See 'envelope --help'.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            // Commands map their own exceptions to exit codes; `run` handles the signals itself.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        var started = context.Time.GetTimestamp();
        var exitCode = ExitCodes.Error;
        try
        {
            exitCode = await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            return exitCode;
        }
        finally
        {
            // After the command's own output is flushed, so that an event on its way never holds the result back.
            await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await TelemetrySender.SendAsync(context, parseResult, global, exitCode == ExitCodes.Success, context.Time.GetElapsedTime(started)).ConfigureAwait(false);
        }
    }
}
