using System.CommandLine;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.Commands.Tokens;

/// <summary><c>envelope tokens revoke ID</c>.</summary>
internal sealed class TokensRevokeCommand : BaseCommand
{
    private readonly Argument<string> _id = new("ID") { Description = "The token's id (see 'envelope tokens list')." };

    private readonly Option<bool> _yes = YesOption();

    public TokensRevokeCommand(CliContext context, GlobalOptions global)
        : base("revoke", "Revoke an API token: it stops working at once.", context, global)
    {
        Arguments.Add(_id);
        Options.Add(_yes);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope tokens revoke 01JABC… --yes"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id)!;
        await ConfirmAsync(parseResult, _yes, $"revokes token {id}; whatever uses it stops working").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        await session.Organization.Tokens.RevokeAsync(id, cancellationToken).ConfigureAwait(false);
        await ReportDeletedAsync(parseResult, id, $"Revoked token {id}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
