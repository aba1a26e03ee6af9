using System.CommandLine;

namespace Envelope.Cli.Commands.Environments;

/// <summary><c>envelope environments</c>: a target's environments (production, staging, …).</summary>
internal sealed class EnvironmentsCommand : Command
{
    public EnvironmentsCommand(CliContext context, GlobalOptions global)
        : base("environments", "List, create, update and delete a target's environments.")
    {
        Subcommands.Add(new EnvironmentsListCommand(context, global));
        Subcommands.Add(new EnvironmentsCreateCommand(context, global));
        Subcommands.Add(new EnvironmentsUpdateCommand(context, global));
        Subcommands.Add(new EnvironmentsDeleteCommand(context, global));
        Subcommands.Add(Deleted.NodeRestoreCommand.ForEnvironment(context, global));
    }
}
