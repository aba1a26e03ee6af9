using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Tokens;

/// <summary>
/// <c>envelope tokens list</c>: every token's metadata (never a token's secret), with who created it, when it was last
/// used and flags for the tokens worth cleaning up: expired ones, and active ones not used for a while.
/// </summary>
internal sealed class TokensListCommand : BaseCommand
{
    private readonly Option<int> _unusedDays = new("--unused-days")
    {
        Description = "Flag an active token as unused when it was never used or not for this many days (default 30).",
        DefaultValueFactory = _ => 30,
    };

    private readonly Option<bool> _flagged = new("--flagged") { Description = "Show only flagged tokens (expired, unused or never expiring)." };

    public TokensListCommand(CliContext context, GlobalOptions global)
        : base("list", "List the organization's API tokens: status, expiry, last use, creator and cleanup flags.", context, global)
    {
        _unusedDays.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--unused-days must be at least 1.");
            }
        });
        Options.Add(_unusedDays);
        Options.Add(_flagged);
    }

    public override IReadOnlyList<string> Examples { get; } =
        ["envelope tokens list", "envelope tokens list --flagged --unused-days 60", "envelope tokens list --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var unusedSince = DateTimeOffset.UtcNow.AddDays(-parseResult.GetValue(_unusedDays));
        var flaggedOnly = parseResult.GetValue(_flagged);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var tokens = new List<TokenOutput>();
        await foreach (var token in session.Organization.Tokens.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var output = Describe(token, unusedSince);
            if (!flaggedOnly || output.Flags.Count > 0)
            {
                tokens.Add(output);
            }
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(tokens, CliJson.Default.ListTokenOutput).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync(
            $"{"ID",-28} {"NAME",-20} {"PREFIX",-14} {"STATUS",-8} {"EXPIRES",-16} {"LAST USED",-16} {"CREATED BY",-34} {"FLAGS",-22} ABILITIES")
            .ConfigureAwait(false);
        foreach (var t in tokens)
        {
            var expires = t.ExpiresAt is { } e ? Minute(e) : "never";
            var lastUsed = t.LastUsedAt is { } u ? Minute(u) : "never";
            var createdBy = t.CreatedBy is { } by ? (by.Id is null ? by.Type : $"{by.Type} {by.Id}") : "-";
            var flags = t.Flags.Count > 0 ? string.Join(",", t.Flags) : "-";
            await Context.Out.WriteLineAsync(
                $"{t.Id,-28} {t.Name,-20} {t.Prefix,-14} {t.Status,-8} {expires,-16} {lastUsed,-16} {createdBy,-34} {flags,-22} {string.Join(",", t.Abilities)}")
                .ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static TokenOutput Describe(ApiToken token, DateTimeOffset unusedSince)
    {
        var flags = new List<string>();
        if (token.Status == "expired")
        {
            flags.Add("expired");
        }

        if (token.Status == "active")
        {
            // Never used at all counts too: a token nobody presents is a credential lying around for nothing.
            if (token.LastUsedAt is not { } lastUsed || lastUsed < unusedSince)
            {
                flags.Add("unused");
            }

            if (token.ExpiresAt is null)
            {
                flags.Add("never_expires");
            }
        }

        return new TokenOutput(
            token.Id, token.Name, token.Prefix, token.Status, token.Abilities, token.Projects, token.ExpiresAt, token.RevokedAt,
            token.CreatedAt, token.LastUsedAt, token.CreatedBy, flags);
    }

    private static string Minute(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
