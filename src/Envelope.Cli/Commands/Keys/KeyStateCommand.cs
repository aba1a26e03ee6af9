using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Keys;

/// <summary>
/// The key state changes (disable, enable, schedule-deletion, cancel-deletion): each one POST, each answering the key in
/// its new state, printed as <c>keys show</c> prints it. A change that does not apply to the state is exit 6
/// (<c>invalid_key_state</c>).
/// </summary>
internal abstract class KeyStateCommand : BaseCommand
{
    private readonly ProjectOption _project = new();

    private readonly Option<bool>? _yes;

    protected KeyStateCommand(string name, string description, CliContext context, GlobalOptions global, bool needsConfirmation)
        : base(name, description, context, global)
    {
        Options.Add(_project.Option);
        if (needsConfirmation)
        {
            _yes = YesOption();
            Options.Add(_yes);
        }
    }

    /// <summary>What the change does, for the confirmation ("This …").</summary>
    protected abstract string Consequence(string project, ParseResult parseResult);

    protected abstract Task<EncryptionKey> ChangeAsync(Client.EncryptionKeysClient keys, string project, ParseResult parseResult, CancellationToken cancellationToken);

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        if (_yes is not null)
        {
            await ConfirmAsync(parseResult, _yes, Consequence(project, parseResult)).ConfigureAwait(false);
        }

        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var key = KeyOutput.From(await ChangeAsync(session.Organization.EncryptionKeys, project, parseResult, cancellationToken).ConfigureAwait(false));
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(key, CliJson.Default.KeyOutput).ConfigureAwait(false);
        }
        else
        {
            await Context.Out.WriteLineAsync(key.State).ConfigureAwait(false);
        }

        var deletion = key.DeletionScheduledFor is { } at ? $", deletion on {at.ToString("u", System.Globalization.CultureInfo.InvariantCulture)}" : "";
        await InformAsync($"The key of {project} (version {key.Version}) is now {key.State}{deletion}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
