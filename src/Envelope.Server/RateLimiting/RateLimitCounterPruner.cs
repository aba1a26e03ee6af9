using System.Data.Common;
using Envelope.Server.Data;
using Microsoft.Extensions.Options;

namespace Envelope.Server.RateLimiting;

/// <summary>Deletes the database store's counters of past windows and forgotten sign-in failures; each node does it, which does no harm.</summary>
internal sealed partial class RateLimitCounterPruner(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<RateLimitOptions> options, IOptions<SignInThrottleOptions> signIn, ILogger<RateLimitCounterPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PruneAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>();
            // Every window is a minute at most; keep the previous one too, for a node whose clock lags a little.
            await DatabaseRateLimitStore.PruneAsync(db, time.GetUtcNow() - (2 * RateLimitPolicies.Window), cancellationToken);
            await DatabaseRateLimitStore.PruneFailuresAsync(db, time.GetUtcNow() - signIn.Value.ForgetAfter, cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            LogPruneFailed(logger, e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not delete old rate-limit counters")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
