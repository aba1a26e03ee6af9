using System.CommandLine;

namespace Envelope.Cli.Commands.Keys;

/// <summary><c>envelope keys</c>: a project's encryption key.</summary>
internal sealed class KeysCommand : Command
{
    public KeysCommand(CliContext context, GlobalOptions global)
        : base("keys", "A project's encryption key: show it, its history, rotate, disable, enable or delete it.")
    {
        Subcommands.Add(new KeysShowCommand(context, global));
        Subcommands.Add(new KeysHistoryCommand(context, global));
        Subcommands.Add(new KeysRotateCommand(context, global));
        Subcommands.Add(new KeysDisableCommand(context, global));
        Subcommands.Add(new KeysEnableCommand(context, global));
        Subcommands.Add(new KeysScheduleDeletionCommand(context, global));
        Subcommands.Add(new KeysCancelDeletionCommand(context, global));
    }
}
