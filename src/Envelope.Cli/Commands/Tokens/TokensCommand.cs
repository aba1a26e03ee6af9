using System.CommandLine;

namespace Envelope.Cli.Commands.Tokens;

/// <summary><c>envelope tokens</c>: the organization's API tokens.</summary>
internal sealed class TokensCommand : Command
{
    public TokensCommand(CliContext context, GlobalOptions global)
        : base("tokens", "List, create and revoke API tokens (needs token:manage).")
    {
        Subcommands.Add(new TokensListCommand(context, global));
        Subcommands.Add(new TokensCreateCommand(context, global));
        Subcommands.Add(new TokensRevokeCommand(context, global));
    }
}
