using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;
using Envelope.Crypto;

namespace Envelope.Cli.Commands.Secrets;

/// <summary>
/// <c>envelope set KEY</c>: sets one variable of the linked level to the value on standard input (or typed at a hidden
/// prompt), keeping the level's other values; refuses if the level changed meanwhile.
/// </summary>
internal sealed class SetCommand : BaseCommand
{
    private readonly Argument<string> _name = new("KEY") { Description = "The variable's name." };

    private readonly LevelOptions _level = new();

    private readonly ClientKeySource _key = new();

    public SetCommand(CliContext context, GlobalOptions global)
        : base("set", """
            Set one variable of the linked level (that level only, not the ones above). The value is read from standard
            input (one trailing newline dropped) or a hidden prompt on a terminal, never from the command line.
            Fails with exit code 6, writing nothing, if the level changed on the server since it was read.
            """, context, global)
    {
        Arguments.Add(_name);
        _level.AddTo(this);
        AddOptions(_key.Options);
    }

    public override IReadOnlyList<string> Examples { get; } =
        ["printf %s \"$NEW_PASSWORD\" | envelope set DB_PASSWORD", "envelope set API_KEY < api-key.txt", "envelope set STRIPE_KEY   # prompts on a terminal"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var name = SetCommand.CheckName(parseResult.GetValue(_name)!);
        var level = _level.Resolve(parseResult, Context);
        var value = await ReadValueAsync(name, cancellationToken).ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = await _key.ResolveForProjectAsync(parseResult, Context, session.Organization, level.Project, cancellationToken, WantsJson(parseResult)).ConfigureAwait(false);
        var editor = await LevelEditor.ReadAsync(session.Organization, level, key, cancellationToken).ConfigureAwait(false);
        var index = editor.Entries.FindIndex(e => e.Key == name);
        var action = index >= 0 ? "updated" : "added";
        if (index >= 0)
        {
            editor.Entries[index] = editor.Entries[index] with { Value = value };
        }
        else
        {
            editor.Entries.Add(new DotEnvEntry(name, value));
        }

        if (Context.BeforeWrite is { } hook)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        var stored = await editor.WriteAsync(cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new SetOutput(level.ToString(), name, action, stored.Version), CliJson.Default.SetOutput).ConfigureAwait(false);
        }

        await InformAsync($"{(action == "added" ? "Added" : "Updated")} {name} at {level}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    internal static string CheckName(string name) =>
        DotEnv.TryParse(name + "=x", out var entries, out _) && entries is [{ } entry] && entry.Key == name
            ? name
            : throw CliException.Usage($"'{name}' is not a valid variable name (letters, digits and _, not starting with a digit).");

    private async Task<string> ReadValueAsync(string name, CancellationToken cancellationToken)
    {
        if (Context.IsInteractive)
        {
            return await HiddenInput.ReadAsync(Context, $"Value for {name} (hidden): ").ConfigureAwait(false);
        }

        var text = await Context.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            return text[..^2];
        }

        return text.EndsWith('\n') ? text[..^1] : text;
    }
}
