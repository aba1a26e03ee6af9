using System.CommandLine;
using Envelope.Cli.Configuration;

namespace Envelope.Cli.Commands;

/// <summary><c>envelope logout</c>: forgets the stored credentials. The token itself stays valid on the server.</summary>
internal sealed class LogoutCommand : BaseCommand
{
    public LogoutCommand(CliContext context, GlobalOptions global)
        : base("logout", """
            Delete the stored credentials. The token stays valid on the server; revoke it there if it leaked.
            """, context, global)
    {
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope logout"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var store = new CredentialStore(Context);
        var browser = store.Read()?.RefreshToken is not null;
        var deleted = store.Delete();
        if (WantsJson(parseResult))
        {
            await Context.Out.WriteLineAsync(deleted ? """{"logged_out":true}""" : """{"logged_out":false}""").ConfigureAwait(false);
        }

        await InformAsync(deleted ? $"Logged out; deleted {store.FilePath}." : "Not logged in.").ConfigureAwait(false);
        if (browser)
        {
            // The server has no revocation endpoint yet: a copied refresh token would stay usable until it expires.
            await InformAsync("The browser login's refresh token was deleted here; the server forgets it when it expires (30 days).").ConfigureAwait(false);
        }
        if (Context.GetVariable(EnvironmentVariables.Token) is not null)
        {
            await InformAsync("ENVELOPE_TOKEN is still set and is used by every command.").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
