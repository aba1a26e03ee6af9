using System.CommandLine;
using System.Text.Json;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands;

/// <summary><c>envelope login --token-stdin</c>: checks a token against <c>/me</c> and keeps it in the credentials file.</summary>
internal sealed class LoginCommand : BaseCommand
{
    private readonly Option<bool> _tokenStdin = new("--token-stdin")
    {
        Description = "Read the API token from standard input (one line). Without it, ENVELOPE_TOKEN is used.",
    };

    public LoginCommand(CliContext context, GlobalOptions global)
        : base("login", """
            Log in with an API token and keep it in the user's config directory (mode 0600).
            The token is read from standard input or ENVELOPE_TOKEN, never from the command line.
            """, context, global)
    {
        Options.Add(_tokenStdin);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope login --token-stdin < token.txt", "ENVELOPE_TOKEN=env_… envelope login --server https://envelope.example.com"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        string? token;
        if (parseResult.GetValue(_tokenStdin))
        {
            token = (await Context.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
            if (string.IsNullOrEmpty(token))
            {
                throw CliException.Usage("No token on standard input.");
            }
        }
        else
        {
            token = Context.GetVariable(EnvironmentVariables.Token)?.Trim()
                ?? throw CliException.Usage("Pass --token-stdin or set ENVELOPE_TOKEN. (Browser login is not available yet.)");
        }

        var store = new CredentialStore(Context);
        var server = Session.ResolveServer(parseResult, Global, Context, stored: null);
        using var client = Session.CreateClient(Context, server, token);
        var me = await client.GetMeAsync(cancellationToken).ConfigureAwait(false);
        store.Write(new StoredCredentials
        {
            Server = server.ToString(),
            Token = token,
            Organization = me.Organization.Id,
            OrganizationName = me.Organization.Name,
            TokenName = me.Name,
        });

        if (WantsJson(parseResult))
        {
            var output = new LoginOutput(server.ToString(), me.Organization.Id, me.Organization.Name, me.Name, me.Id);
            await Context.Out.WriteLineAsync(JsonSerializer.Serialize(output, CliJson.Default.LoginOutput)).ConfigureAwait(false);
        }

        await InformAsync($"Logged in to {server} with token '{me.Name}' of {me.Organization.Name} ({me.Organization.Id}). Credentials: {store.FilePath}").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
