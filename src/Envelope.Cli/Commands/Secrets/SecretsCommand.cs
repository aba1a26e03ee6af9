using System.CommandLine;

namespace Envelope.Cli.Commands.Secrets;

/// <summary><c>envelope secrets</c>: operations on a level's secrets as a whole (push, pull and the single values stay top-level).</summary>
internal sealed class SecretsCommand : Command
{
    public SecretsCommand(CliContext context, GlobalOptions global)
        : base("secrets", "Operations on a level's secrets as a whole.")
    {
        Subcommands.Add(new SecretsClearCommand(context, global));
    }
}
