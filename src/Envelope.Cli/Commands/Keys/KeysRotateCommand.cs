using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Secrets;

namespace Envelope.Cli.Commands.Keys;

/// <summary>
/// <c>envelope keys rotate</c>: a new server-managed data key (history kept or re-encrypted by a server job), or with
/// --client a new client key: everything re-encrypted here, the new key printed once (or written to --new-key-file).
/// </summary>
internal sealed partial class KeysRotateCommand : BaseCommand
{
    private readonly ProjectOption _project = new();

    private readonly Option<string?> _history = new("--history")
    {
        Description = "Server-managed: keep old versions under their old keys (keep) or re-encrypt them in a server job (re_encrypt). Default: the project's policy.",
    };

    private readonly Option<bool> _client = new("--client") { Description = "Rotate a client-managed project's key here (needs the current key: ENVELOPE_KEY or --key-file)." };

    private readonly Option<FileInfo?> _newKeyFile = new("--new-key-file") { Description = "With --client: write the new key to this file (created with mode 0600) instead of standard output." };

    private readonly Option<bool> _resume = new("--resume")
    {
        Description = "With --client: finish a rotation whose history step stopped: move the old versions still under --old-key-file's key onto the current key (--key-file / ENVELOPE_KEY).",
    };

    private readonly Option<FileInfo?> _oldKeyFile = new("--old-key-file") { Description = "With --resume: the retired key (mode 0600) the remaining old versions are under." };

    private readonly PassphraseInput _oldPassphrase = new("old-passphrase", EnvironmentVariables.OldPassphrase, "the old passphrase");

    private readonly ClientKeySource _key = new();

    private readonly PassphraseInput _newPassphrase = new("new-passphrase", EnvironmentVariables.NewPassphrase, "the new passphrase");

    private readonly Option<FileInfo?> _useKeyFile = new("--use-key-file")
    {
        Description = "With --client: rotate onto the key in this file (mode 0600; base64 of 32 random bytes) instead of generating one.",
    };

    private readonly PassphraseKdfOptions _kdf = new();

    public KeysRotateCommand(CliContext context, GlobalOptions global)
        : base("rotate", """
            Rotate the project's key. Server-managed: the server makes a new data key; with --history re_encrypt it
            re-encrypts the old versions in a job, whose progress is shown until it completes.
            Client-managed (--client): a new key is generated here, every current secret and old version is
            re-encrypted under it, and the NEW key is printed once on standard output (or written to --new-key-file):
            store it before doing anything else, the old key no longer opens the secrets. With --new-passphrase the new
            key is derived from a passphrase instead (Argon2id) and nothing is printed; --use-key-file brings a key.
            The current key: --key-file / ENVELOPE_KEY, or --passphrase / --passphrase-file / ENVELOPE_PASSPHRASE.
            """, context, global)
    {
        _history.AcceptOnlyFromAmong("keep", "re_encrypt");
        Options.Add(_project.Option);
        Options.Add(_history);
        Options.Add(_client);
        Options.Add(_newKeyFile);
        Options.Add(_resume);
        Options.Add(_oldKeyFile);
        Options.Add(_oldPassphrase.Ask);
        Options.Add(_oldPassphrase.File);
        AddOptions(_key.Options);
        Options.Add(_newPassphrase.Ask);
        Options.Add(_newPassphrase.File);
        Options.Add(_useKeyFile);
        Options.Add(_kdf.MemoryKib);
        Options.Add(_kdf.Iterations);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "envelope keys rotate",
        "envelope keys rotate --history re_encrypt",
        "ENVELOPE_KEY=… envelope keys rotate --client --new-key-file new.key",
        "envelope keys rotate --client --resume --key-file new.key --old-key-file old.key",
        "ENVELOPE_PASSPHRASE=new ENVELOPE_OLD_PASSPHRASE=old envelope keys rotate --client --resume",
        "ENVELOPE_PASSPHRASE=old ENVELOPE_NEW_PASSPHRASE=new envelope keys rotate --client",
        "envelope keys rotate --client --passphrase --new-passphrase",
    ];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        if ((parseResult.GetValue(_resume) || parseResult.GetValue(_oldKeyFile) is not null || _oldPassphrase.IsRequested(parseResult)) && !parseResult.GetValue(_client))
        {
            throw CliException.Usage("--resume, --old-key-file and --old-passphrase go with --client.");
        }

        if (parseResult.GetValue(_resume))
        {
            return await ResumeClientAsync(parseResult, project, cancellationToken).ConfigureAwait(false);
        }

        return parseResult.GetValue(_client)
            ? await RotateClientAsync(parseResult, project, cancellationToken).ConfigureAwait(false)
            : await RotateServerAsync(parseResult, project, cancellationToken).ConfigureAwait(false);
    }
}
