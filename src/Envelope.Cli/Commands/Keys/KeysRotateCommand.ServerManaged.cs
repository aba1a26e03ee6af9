using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Keys;

/// <summary><c>envelope keys rotate</c> on a server-managed project: the server's new data key, then its history job followed to the end.</summary>
internal sealed partial class KeysRotateCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

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

            if (job.State() != KeyJobState.Completed)
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
        job.CompletedAt is not null || job.State() is KeyJobState.Completed or KeyJobState.Failed;
}
