using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Tokens;

/// <summary><c>envelope tokens list</c>: every token's metadata (never a token's secret).</summary>
internal sealed class TokensListCommand : BaseCommand
{
    public TokensListCommand(CliContext context, GlobalOptions global)
        : base("list", "List the organization's API tokens: id, name, prefix, status, abilities, expiry.", context, global)
    {
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope tokens list", "envelope tokens list --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var tokens = new List<ApiToken>();
        await foreach (var token in session.Organization.Tokens.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(token);
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(tokens, CliJson.Default.ListApiToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync($"{"ID",-28} {"NAME",-20} {"PREFIX",-14} {"STATUS",-8} {"EXPIRES",-20} ABILITIES").ConfigureAwait(false);
        foreach (var t in tokens)
        {
            var expires = t.ExpiresAt is { } e ? e.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "never";
            await Context.Out.WriteLineAsync($"{t.Id,-28} {t.Name,-20} {t.Prefix,-14} {t.Status,-8} {expires,-20} {string.Join(",", t.Abilities)}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
