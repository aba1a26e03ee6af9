using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Users;

/// <summary>
/// <see cref="PasswordHasher"/> behind a <see cref="ConcurrencyLimiter"/> (see <see cref="PasswordHashingOptions"/>).
/// A null answer means the queue was full: the caller answers 503 with <see cref="RetryAfterSeconds"/>.
/// </summary>
internal sealed class PasswordHashing(IOptions<PasswordHashingOptions> options) : IDisposable
{
    /// <summary>A queued hash takes well under a second; a client told to wait one is not kept long.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.Concurrency,
        QueueLimit = options.Value.Queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    private long _computations;

    /// <summary>How many hashes this process computed: tests count them to see both sign-in paths do the same work.</summary>
    internal long Computations => Interlocked.Read(ref _computations);

    /// <summary>Checks <paramref name="password"/> against <paramref name="encoded"/>; null when no permit was free.</summary>
    public Task<bool?> VerifyAsync(string password, string encoded, CancellationToken cancellationToken) =>
        RunAsync<bool?>(() => PasswordHasher.Verify(password, encoded), cancellationToken);

    /// <summary>Hashes <paramref name="password"/>; null when no permit was free.</summary>
    public async Task<string?> HashAsync(string password, CancellationToken cancellationToken) =>
        await RunAsync<string?>(() => PasswordHasher.Hash(password), cancellationToken);

    private async Task<T?> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            return default;
        }

        Interlocked.Increment(ref _computations);
        return work();
    }

    public void Dispose() => _limiter.Dispose();
}
