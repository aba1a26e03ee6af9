using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;

namespace Envelope.Cli.Commands.Secrets;

/// <summary><c>envelope unset KEY</c>: removes one variable from the linked level; refuses if the level changed meanwhile.</summary>
internal sealed class UnsetCommand : BaseCommand
{
    private readonly Argument<string> _name = new("KEY") { Description = "The variable's name." };

    private readonly LevelOptions _level = new();

    private readonly ClientKeySource _key = new();

    public UnsetCommand(CliContext context, GlobalOptions global)
        : base("unset", """
            Remove one variable from the linked level (that level only; a level above may still define it).
            Fails with exit code 6, writing nothing, if the level changed on the server since it was read.
            """, context, global)
    {
        Arguments.Add(_name);
        _level.AddTo(this);
        AddOptions(_key.Options);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope unset OLD_FLAG", "envelope unset DEBUG -t backend -e staging --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var name = SetCommand.CheckName(parseResult.GetValue(_name)!);
        var level = _level.Resolve(parseResult, Context);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = await _key.ResolveForProjectAsync(parseResult, Context, session.Organization, level.Project, cancellationToken, WantsJson(parseResult)).ConfigureAwait(false);
        var editor = await LevelEditor.ReadAsync(session.Organization, level, key, cancellationToken).ConfigureAwait(false);
        if (editor.Entries.RemoveAll(e => e.Key == name) == 0)
        {
            throw new CliException(ExitCodes.NotFound, "key_not_found", $"{name} is not set at {level} itself; nothing was changed.");
        }

        if (Context.BeforeWrite is { } hook)
        {
            await hook(cancellationToken).ConfigureAwait(false);
        }

        var stored = await editor.WriteAsync(cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new SetOutput(level.ToString(), name, "removed", stored.Version), CliJson.Default.SetOutput).ConfigureAwait(false);
        }

        await InformAsync($"Removed {name} from {level}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
