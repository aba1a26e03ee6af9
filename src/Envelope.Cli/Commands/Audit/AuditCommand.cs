using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Audit;

/// <summary><c>envelope audit</c>: the organization's audit events, newest first as the server orders them.</summary>
internal sealed class AuditCommand : BaseCommand
{
    private readonly Option<string?> _action = new("--action") { Description = "Only events of this action, e.g. secrets.store, token.create, key.rotate." };

    private readonly Option<string?> _project = new("--project", "-p") { Description = "Only events of this project (slug)." };

    private readonly Option<string?> _token = new("--token") { Description = "Only events done with this token (id, as in 'tokens list')." };

    private readonly Option<string?> _since = new("--since") { Description = "Only events at or after this instant: a date/time (2026-11-01, 2026-11-01T12:00:00Z; UTC unless an offset is given) or a time ago (90m, 24h, 7d, 2w)." };

    private readonly Option<string?> _until = new("--until") { Description = "Only events before this instant (same forms as --since)." };

    private readonly Option<int> _limit = new("--limit", "-n") { Description = "At most this many events (default 50).", DefaultValueFactory = _ => 50 };

    public AuditCommand(CliContext context, GlobalOptions global)
        : base("audit", "List the organization's audit events (needs audit:read).", context, global)
    {
        Options.Add(_action);
        Options.Add(_project);
        Options.Add(_token);
        Options.Add(_since);
        Options.Add(_until);
        Options.Add(_limit);
        Subcommands.Add(new AuditVerifyCommand(context, global));
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope audit", "envelope audit --project my-app --limit 200 --json", "envelope audit --action token.create --since 7d",
        "envelope audit --since 2026-11-01 --until 2026-11-08T12:00:00Z"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var limit = parseResult.GetValue(_limit);
        if (limit is < 1 or > 10_000)
        {
            throw CliException.Usage("--limit must be from 1 to 10000.");
        }

        var now = Context.Time.GetUtcNow();
        var since = Instant(parseResult.GetValue(_since), "--since", now);
        var until = Instant(parseResult.GetValue(_until), "--until", now);
        if (since >= until)
        {
            throw CliException.Usage("--since must be before --until.");
        }

        var query = new AuditEventQuery
        {
            Action = parseResult.GetValue(_action),
            Project = parseResult.GetValue(_project),
            Token = parseResult.GetValue(_token),
            Since = since,
            Until = until,
        };
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var events = new List<AuditEvent>();
        await foreach (var e in session.Organization.Audit.ListAsync(query, Math.Min(limit, 100), cancellationToken).ConfigureAwait(false))
        {
            events.Add(e);
            if (events.Count == limit)
            {
                break;
            }
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(events, CliJson.Default.ListAuditEvent).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (events.Count == 0)
        {
            await InformAsync("No audit events.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync($"{"TIME",-20} {"ACTION",-28} {"TOKEN",-28} {"PROJECT",-28} SUBJECT").ConfigureAwait(false);
        foreach (var e in events)
        {
            var time = e.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            await Context.Out.WriteLineAsync($"{time,-20} {e.Action,-28} {e.TokenId ?? "-",-28} {e.ProjectId ?? "-",-28} {e.Subject ?? "-"}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>A time ago (<c>7d</c>) or a date/time, read as UTC unless it carries an offset.</summary>
    private static DateTimeOffset? Instant(string? text, string option, DateTimeOffset now)
    {
        if (text is null)
        {
            return null;
        }

        if (DurationText.TryParse(text, out var ago))
        {
            return now - ago;
        }

        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw CliException.Usage($"{option} '{text}' is neither a date/time (2026-11-01T12:00:00Z) nor a time ago (24h, 7d).");
    }
}
