using Envelope.Server.Features.Recovery;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.EncryptionKeys.Jobs;

/// <summary>Runs queued re-encryption jobs and due key deletions on this node; see <see cref="KeyJobRunner"/>.</summary>
internal sealed partial class KeyJobWorker(
    IServiceScopeFactory scopes, JobSignal signal, TimeProvider time, IOptions<KeyJobOptions> options, ILogger<KeyJobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await RunOnceAsync(stoppingToken);
            try
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(signal.WaitAsync(wake.Token), Task.Delay(options.Value.PollInterval, time, wake.Token));
                await wake.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var node = options.Value.NodeId;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<KeyJobRunner>();
            await runner.DeleteDueKeysAsync(stoppingToken);
            // Deleted nodes whose recovery window has passed: due work like the key deletions, claimed row by row.
            await scope.ServiceProvider.GetRequiredService<NodeRemoval>().PurgeDueAsync(stoppingToken);
            while (await runner.TryClaimAsync(node, stoppingToken) is { } jobId)
            {
                LogClaimed(logger, jobId, node);
                while (await runner.RunBatchAsync(jobId, node, stoppingToken))
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The job keeps its lease until it expires; then this or another node resumes it.
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(LogLevel.Information, "Claimed re-encryption job {JobId} on {Node}")]
    private static partial void LogClaimed(ILogger logger, string jobId, string node);

    [LoggerMessage(LogLevel.Error, "A key job failed; it will be retried when its lease expires")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
