using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands;

/// <summary>A command whose failures become one line on standard error (or a JSON error) and an exit code.</summary>
internal abstract class BaseCommand : Command
{
    protected BaseCommand(string name, string description, CliContext context, GlobalOptions global)
        : base(name, description)
    {
        Context = context;
        Global = global;
        SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await ExecuteAsync(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (ErrorReporter.TryMap(exception, cancellationToken, out var error))
            {
                ErrorReporter.Write(Context, parseResult.GetValue(Global.Json), error.Code, error.Message, error.Status);
                return error.ExitCode;
            }
        });
    }

    /// <summary>Command lines shown under "Examples:" in this command's --help.</summary>
    public virtual IReadOnlyList<string> Examples => [];

    protected CliContext Context { get; }

    protected GlobalOptions Global { get; }

    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken);

    protected bool WantsJson(ParseResult parseResult) => parseResult.GetValue(Global.Json);

    /// <summary>Adds a group of options that belong together (a key source's file, passphrase and prompt).</summary>
    protected void AddOptions(IEnumerable<Option> options)
    {
        foreach (var option in options)
        {
            Options.Add(option);
        }
    }

    /// <summary>A message for people: standard error, so that standard output stays data.</summary>
    protected Task InformAsync(string message) => Context.Error.WriteLineAsync(message);

    /// <summary>One JSON document on standard output.</summary>
    protected Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> typeInfo) => Context.Out.WriteLineAsync(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>What a command made or changed: its JSON with --json, otherwise <paramref name="line"/> on standard output.</summary>
    protected Task WriteResultAsync<T>(ParseResult parseResult, T value, JsonTypeInfo<T> typeInfo, string line) =>
        WantsJson(parseResult) ? WriteJsonAsync(value, typeInfo) : Context.Out.WriteLineAsync(line);

    /// <summary>The end of a delete: <c>{"id":…,"deleted":true}</c> with --json, and <paramref name="message"/> for people.</summary>
    protected async Task ReportDeletedAsync(ParseResult parseResult, string id, string message)
    {
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new DeletedOutput(id, true), CliJson.Default.DeletedOutput).ConfigureAwait(false);
        }

        await InformAsync(message).ConfigureAwait(false);
    }

    /// <summary>
    /// The end of a project, target or environment delete: into the recovery window (<paramref name="kept"/>), with
    /// the date it can be restored until and how, or erased for good (null).
    /// </summary>
    protected async Task ReportRemovedAsync(ParseResult parseResult, Client.Models.DeletedNode? kept, string kind, string path)
    {
        if (kept is null)
        {
            await ReportDeletedAsync(parseResult, path, $"Deleted {kind} {path} for good.").ConfigureAwait(false);
            return;
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new DeletedOutput(path, true, kept.Id, kept.PurgeAt), CliJson.Default.DeletedOutput).ConfigureAwait(false);
        }

        await InformAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Deleted {kind} {path}. It is recoverable until {kept.PurgeAt:yyyy-MM-dd HH:mm} UTC: envelope deleted restore {path}")).ConfigureAwait(false);
    }

    /// <summary><c>--permanent</c> of the project, target and environment deletes.</summary>
    protected static Option<bool> PermanentOption() => new("--permanent")
    {
        Description = "Erase it with its whole history now, without the recovery window (needs secret:purge).",
    };

    /// <summary>
    /// A destructive command goes on with --yes, or after "y" on an interactive terminal; otherwise it stops with a
    /// usage error before anything is sent.
    /// </summary>
    protected async Task ConfirmAsync(ParseResult parseResult, Option<bool> yes, string what)
    {
        if (parseResult.GetValue(yes))
        {
            return;
        }

        if (!Context.IsInteractive || WantsJson(parseResult))
        {
            throw CliException.Usage($"This {what}; pass --yes to confirm.");
        }

        await Context.Error.WriteAsync($"This {what}. Continue? [y/N] ").ConfigureAwait(false);
        var answer = (await Context.In.ReadLineAsync().ConfigureAwait(false))?.Trim();
        if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(ExitCodes.Error, "cancelled", "Cancelled; nothing was changed.");
        }
    }

    /// <summary>The --yes flag of a destructive command.</summary>
    protected static Option<bool> YesOption() => new("--yes", "-y") { Description = "Confirm without a prompt (needed when not on a terminal)." };
}
