using Envelope.Server.Data;

namespace Envelope.Server.Features.Secrets;

internal sealed partial class LastAccessFlusher(LastAccessRecorder recorder, IServiceScopeFactory scopes, TimeProvider time, ILogger<LastAccessFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await recorder.FlushAsync(scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>(), cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogFlushFailed(logger, e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not record last-access times")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
