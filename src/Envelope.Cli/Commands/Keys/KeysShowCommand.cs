using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Keys;

/// <summary><c>envelope keys show</c>: the project's current key (metadata only; never the data key).</summary>
internal sealed class KeysShowCommand : BaseCommand
{
    private readonly ProjectOption _project = new();

    public KeysShowCommand(CliContext context, GlobalOptions global)
        : base("show", "Show the project's current key: version, who manages it, state. The key itself is never printed.", context, global)
    {
        Options.Add(_project.Option);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope keys show", "envelope keys show --project my-app --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = KeyOutput.From(await session.Organization.EncryptionKeys.GetAsync(project, cancellationToken).ConfigureAwait(false));
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(key, CliJson.Default.KeyOutput).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            project:  {project}
            version:  {key.Version}
            managed:  {key.Managed}
            state:    {key.State}{(key.Active ? "" : " (inactive)")}
            created:  {key.CreatedAt:u}
            """)).ConfigureAwait(false);
        if (key.DeletionScheduledFor is { } deletion)
        {
            await Context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"deletion: {deletion:u}")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
