using System.CommandLine;
using System.Text.Json;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Account;

/// <summary><c>envelope whoami</c>: the token's identity as the server sees it (<c>GET /me</c>).</summary>
internal sealed class WhoamiCommand : BaseCommand
{
    public WhoamiCommand(CliContext context, GlobalOptions global)
        : base("whoami", """
            Show the token in use: its name, organization, abilities and expiry.
            """, context, global)
    {
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope whoami", "envelope whoami --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var me = await session.Client.GetMeAsync(cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await Context.Out.WriteLineAsync(JsonSerializer.Serialize(me, CliJson.Default.TokenIdentity)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync($"server:       {session.Client.Server}").ConfigureAwait(false);
        await Context.Out.WriteLineAsync($"organization: {me.Organization.Name} ({me.Organization.Id})").ConfigureAwait(false);
        await Context.Out.WriteLineAsync($"token:        {me.Name} ({me.Id})").ConfigureAwait(false);
        await Context.Out.WriteLineAsync($"abilities:    {string.Join(", ", me.Abilities)}").ConfigureAwait(false);
        if (me.Projects is { } projects)
        {
            await Context.Out.WriteLineAsync($"projects:     {string.Join(", ", projects)}").ConfigureAwait(false);
        }

        // A browser login has no expiry of its own on /me: its access token is renewed here until the refresh token lapses.
        var stored = Context.GetVariable(EnvironmentVariables.Token) is null ? new CredentialStore(Context).Read() : null;
        if (stored is { RefreshToken: not null } && Session.SameServer(stored.Server, session.Client.Server))
        {
            await Context.Out.WriteLineAsync("login:        browser (the access token is renewed automatically; 'envelope login' again after 30 days unused)").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync($"expires:      {(me.ExpiresAt is { } expires ? expires.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never")}").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
