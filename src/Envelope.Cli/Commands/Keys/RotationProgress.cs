using System.Globalization;
using Envelope.Cli.Secrets;
using Envelope.Client;
using Spectre.Console;

namespace Envelope.Cli.Commands.Keys;

/// <summary>
/// The rotation's steps: progress bars on a terminal (the new key's check being derived, the current secrets, then the
/// old versions batch by batch), else one line per step on standard error. Reported synchronously, unlike
/// <see cref="Progress{T}"/>, so that <see cref="Rotated"/> is right when an error follows.
/// </summary>
internal sealed class RotationProgress : IProgress<ClientKeyRotationProgress>
{
    private readonly TextWriter _error;
    private readonly ProgressContext? _live;
    private readonly ProgressTask? _preparing;
    private ProgressTask? _current;
    private ProgressTask? _history;

    public RotationProgress(TextWriter error, ProgressContext? live, bool deriving = true, string? preparing = null)
    {
        _error = error;
        _live = live;
        _preparing = !deriving ? null : live?.AddTask(Markup.Escape(preparing ?? KeyCheckProgress.Description.Replace("key check", "new key's check", StringComparison.Ordinal))).IsIndeterminate();
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
