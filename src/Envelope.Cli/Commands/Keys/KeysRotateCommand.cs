using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;
using Envelope.Client;
using Envelope.Client.Models;
using Envelope.Crypto;
using Spectre.Console;

namespace Envelope.Cli.Commands.Keys;

/// <summary>
/// <c>envelope keys rotate</c>: a new server-managed data key (history kept or re-encrypted by a server job), or with
/// --client a new client key: everything re-encrypted here, the new key printed once (or written to --new-key-file).
/// </summary>
internal sealed class KeysRotateCommand : BaseCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

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

    private readonly ClientKeySource _key = new();

    public KeysRotateCommand(CliContext context, GlobalOptions global)
        : base("rotate", """
            Rotate the project's key. Server-managed: the server makes a new data key; with --history re_encrypt it
            re-encrypts the old versions in a job, whose progress is shown until it completes.
            Client-managed (--client): a new key is generated here, every current secret and old version is
            re-encrypted under it, and the NEW key is printed once on standard output (or written to --new-key-file):
            store it before doing anything else, the old key no longer opens the secrets.
            """, context, global)
    {
        _history.AcceptOnlyFromAmong("keep", "re_encrypt");
        Options.Add(_project.Option);
        Options.Add(_history);
        Options.Add(_client);
        Options.Add(_newKeyFile);
        Options.Add(_resume);
        Options.Add(_oldKeyFile);
        Options.Add(_key.KeyFile);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "envelope keys rotate",
        "envelope keys rotate --history re_encrypt",
        "ENVELOPE_KEY=… envelope keys rotate --client --new-key-file new.key",
        "envelope keys rotate --client --resume --key-file new.key --old-key-file old.key",
    ];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var project = _project.Resolve(parseResult, Context);
        if ((parseResult.GetValue(_resume) || parseResult.GetValue(_oldKeyFile) is not null) && !parseResult.GetValue(_client))
        {
            throw CliException.Usage("--resume and --old-key-file go with --client.");
        }

        if (parseResult.GetValue(_resume))
        {
            return await ResumeClientAsync(parseResult, project, cancellationToken).ConfigureAwait(false);
        }

        return parseResult.GetValue(_client)
            ? await RotateClientAsync(parseResult, project, cancellationToken).ConfigureAwait(false)
            : await RotateServerAsync(parseResult, project, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> RotateServerAsync(ParseResult parseResult, string project, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(_newKeyFile) is not null)
        {
            throw CliException.Usage("--new-key-file goes with --client.");
        }

        HistoryPolicy? policy = parseResult.GetValue(_history) switch
        {
            "keep" => HistoryPolicy.Keep,
            "re_encrypt" => HistoryPolicy.ReEncrypt,
            _ => null,
        };
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var keys = session.Organization.EncryptionKeys;
        var rotation = await keys.RotateAsync(project, policy, cancellationToken).ConfigureAwait(false);
        await InformAsync(string.Create(CultureInfo.InvariantCulture, $"Rotated the key of {project}: now key version {rotation.Key.Version}.")).ConfigureAwait(false);
        var job = rotation.Job;
        if (job is not null)
        {
            job = await Terminal.WithProgressAsync(Context, WantsJson(parseResult), async live =>
            {
                var bar = live?.AddTask("Re-encrypting history (server job)", maxValue: Math.Max(1, job.Total));
                var last = "";
                while (!IsFinished(job))
                {
                    if (bar is not null)
                    {
                        bar.MaxValue = Math.Max(1, job.Total);
                        bar.Value = job.Processed;
                    }
                    else if (string.Create(CultureInfo.InvariantCulture, $"Re-encrypting history: {job.Processed}/{job.Total} ({job.Status})") is var line && line != last)
                    {
                        await InformAsync(line).ConfigureAwait(false);
                        last = line;
                    }

                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                    job = await keys.GetJobAsync(project, job.Id, cancellationToken).ConfigureAwait(false);
                }

                bar?.Value = job.Processed;
                return job;
            }).ConfigureAwait(false);

            if (!string.Equals(job.Status, "completed", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException(ExitCodes.Error, "job_failed",
                    $"The history re-encryption job {job.Id} ended {job.Status} after {job.Processed}/{job.Total}{(job.Error is null ? "" : $" ({job.Error})")}; the key is rotated, old versions stay under their keys.");
            }

            await InformAsync(string.Create(CultureInfo.InvariantCulture, $"Re-encrypted {job.Processed}/{job.Total} old versions.")).ConfigureAwait(false);
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new RotateOutput(project, rotation.Key.Version, parseResult.GetValue(_history), job?.Id, job?.Status), CliJson.Default.RotateOutput).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static bool IsFinished(KeyJob job) =>
        job.CompletedAt is not null
        || job.Status.Equals("completed", StringComparison.OrdinalIgnoreCase)
        || job.Status.Equals("failed", StringComparison.OrdinalIgnoreCase);

    private async Task<int> RotateClientAsync(ParseResult parseResult, string project, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(_history) is not null)
        {
            throw CliException.Usage("--history is for server-managed keys; --client always re-encrypts the history.");
        }

        var key = await _key.RequireAsync(parseResult, Context, "The current client key is needed to rotate").ConfigureAwait(false);
        var newKey = ClientKey.Generate();
        string? newKeyPath = null;
        if (parseResult.GetValue(_newKeyFile) is { } file)
        {
            // Written before anything changes on the server, so that the new key cannot be lost.
            newKeyPath = Context.ResolvePath(file.ToString());
            NewKeyFile.Write(newKeyPath, newKey);
        }

        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        RotationProgress? progress = null;
        ClientKeyRotationOutcome outcome;
        try
        {
            outcome = await Terminal.WithProgressAsync(Context, WantsJson(parseResult), live =>
            {
                progress = new RotationProgress(Context.Error, live);
                // Run off this thread: the library reports synchronously, and the bars redraw on their own.
                return Task.Run(() => new ClientManagedSecrets(session.Organization, project, key)
                    .RotateKeyAsync(newKey, progress: progress, cancellationToken: cancellationToken), cancellationToken);
            }).ConfigureAwait(false);
        }
        catch when (progress?.Rotated == true)
        {
            // The project is on the new key already: it must not be lost with the error.
            await RevealNewKeyAsync(newKey, newKeyPath).ConfigureAwait(false);
            await InformAsync("The key was rotated but the history was not finished; old versions stay under the old key until you run 'envelope keys rotate --client --resume --key-file NEW_KEY_FILE --old-key-file OLD_KEY_FILE' (it carries on where this stopped).").ConfigureAwait(false);
            throw;
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new ClientRotateOutput(project, outcome.KeyVersion, outcome.SecretsReEncrypted, outcome.VersionsReEncrypted,
                newKeyPath is null ? newKey : null, newKeyPath), CliJson.Default.ClientRotateOutput).ConfigureAwait(false);
            await InformAsync(newKeyPath is null
                ? "warning: new_key is the project's key from now on and is shown only once; store it safely now."
                : $"The new key is in {newKeyPath}; the old key no longer opens the secrets.").ConfigureAwait(false);
        }
        else
        {
            await RevealNewKeyAsync(newKey, newKeyPath).ConfigureAwait(false);
        }

        await InformAsync(string.Create(CultureInfo.InvariantCulture,
            $"Rotated the client key of {project}: key version {outcome.KeyVersion}, {outcome.SecretsReEncrypted} secrets and {outcome.VersionsReEncrypted} old versions re-encrypted.")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>
    /// The history step alone, with the current key and the retired one: the server lists what is still pending, so a
    /// second run carries on where the first stopped, and a run with nothing pending does nothing.
    /// </summary>
    private async Task<int> ResumeClientAsync(ParseResult parseResult, string project, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(_newKeyFile) is not null)
        {
            throw CliException.Usage("--resume makes no new key; --new-key-file does not go with it.");
        }

        var oldKeyFile = parseResult.GetValue(_oldKeyFile)
            ?? throw CliException.Usage("--resume needs --old-key-file: the key the remaining old versions are under.");
        var oldKey = ClientKeySource.ReadKeyFile(Context, oldKeyFile);
        var key = await _key.RequireAsync(parseResult, Context, "--resume needs the project's current key").ConfigureAwait(false);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var moved = await Terminal.WithProgressAsync(Context, WantsJson(parseResult), live =>
            Task.Run(() => new ClientManagedSecrets(session.Organization, project, key)
                .ReEncryptHistoryAsync([oldKey], new RotationProgress(Context.Error, live, deriving: false), cancellationToken), cancellationToken)).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            var current = await session.Organization.EncryptionKeys.GetAsync(project, cancellationToken).ConfigureAwait(false);
            await WriteJsonAsync(new ClientRotateOutput(project, current.Version, 0, moved, null, null), CliJson.Default.ClientRotateOutput).ConfigureAwait(false);
        }

        await InformAsync(string.Create(CultureInfo.InvariantCulture, $"Moved {moved} old versions of {project} onto the current key.")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private async Task RevealNewKeyAsync(string newKey, string? newKeyPath)
    {
        if (newKeyPath is not null)
        {
            await InformAsync($"The new key is in {newKeyPath}; use it from now on (the old key no longer opens the secrets).").ConfigureAwait(false);
            return;
        }

        await Context.Out.WriteLineAsync(newKey).ConfigureAwait(false);
        await InformAsync("warning: the line above is the project's NEW client key, shown only once. Store it safely now; the old key no longer opens the secrets.").ConfigureAwait(false);
    }

    /// <summary>
    /// The rotation's steps: progress bars on a terminal (the new key's check being derived, the current secrets, then the
    /// old versions batch by batch), else one line per step on standard error. Reported synchronously, unlike
    /// <see cref="Progress{T}"/>, so that <see cref="Rotated"/> is right when an error follows.
    /// </summary>
    private sealed class RotationProgress : IProgress<ClientKeyRotationProgress>
    {
        private readonly TextWriter _error;
        private readonly ProgressContext? _live;
        private readonly ProgressTask? _preparing;
        private ProgressTask? _current;
        private ProgressTask? _history;

        public RotationProgress(TextWriter error, ProgressContext? live, bool deriving = true)
        {
            _error = error;
            _live = live;
            _preparing = !deriving ? null : live?.AddTask(KeyCheckProgress.Description.Replace("key check", "new key's check", StringComparison.Ordinal)).IsIndeterminate();
        }

        public bool Rotated { get; private set; }

        public void Report(ClientKeyRotationProgress value)
        {
            if (value.Stage >= ClientKeyRotationStage.Rotated)
            {
                Rotated = true;
            }

            if (_live is null)
            {
                var what = value.Stage switch
                {
                    ClientKeyRotationStage.CurrentSecrets => "re-encrypting current secrets",
                    ClientKeyRotationStage.Rotated => "rotated on the server",
                    ClientKeyRotationStage.History => "re-encrypting old versions",
                    _ => "completed",
                };
                _error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {value.Processed} done, {value.Remaining} left"));
                return;
            }

            if (_preparing is { IsFinished: false })
            {
                _preparing.IsIndeterminate = false;
                _preparing.Value = _preparing.MaxValue;
            }

            var total = Math.Max(1, value.Processed + value.Remaining);
            switch (value.Stage)
            {
                case ClientKeyRotationStage.CurrentSecrets:
                    _current ??= _live.AddTask("Re-encrypting current secrets");
                    _current.MaxValue = total;
                    _current.Value = value.Processed;
                    break;
                case ClientKeyRotationStage.Rotated:
                    _current?.Value = _current.MaxValue;
                    break;
                case ClientKeyRotationStage.History:
                    _history ??= _live.AddTask("Re-encrypting old versions");
                    _history.MaxValue = total;
                    _history.Value = value.Processed;
                    break;
                default:
                    _current?.Value = _current.MaxValue;
                    _history?.Value = _history.MaxValue;
                    break;
            }
        }
    }
}
