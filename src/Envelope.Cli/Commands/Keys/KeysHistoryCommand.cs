using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Keys;

/// <summary><c>envelope keys history</c>: every key version of the project.</summary>
internal sealed class KeysHistoryCommand : BaseCommand
{
    private readonly ProjectOption _project = new();

    public KeysHistoryCommand(CliContext context, GlobalOptions global)
        : base("history", "List every key version of the project (metadata only).", context, global)
    {
        Options.Add(_project.Option);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope keys history", "envelope keys history --project my-app --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var history = (await session.Organization.EncryptionKeys.GetHistoryAsync(project, cancellationToken).ConfigureAwait(false)).Select(KeyOutput.From).ToList();
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(history, CliJson.Default.ListKeyOutput).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync($"{"VERSION",7} {"MANAGED",-8} {"STATE",-20} {"ACTIVE",-6} CREATED").ConfigureAwait(false);
        foreach (var k in history)
        {
            await Context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{k.Version,7} {k.Managed,-8} {k.State,-20} {(k.Active ? "yes" : "no"),-6} {k.CreatedAt:u}")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
