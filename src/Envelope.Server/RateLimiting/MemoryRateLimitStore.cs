using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Envelope.Server.RateLimiting;

/// <summary>
/// Budgets in this process, for a single node: one <see cref="FixedWindowRateLimiter"/> per partition and window, a new
/// one when the injected clock enters a new window (not a timer, so tests move windows with a fake clock). A partition
/// idle for a whole window holds a full budget, exactly what a new one would; such partitions are dropped.
/// </summary>
internal sealed class MemoryRateLimitStore(TimeProvider time) : IRateLimitStore, IDisposable
{
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FailureCount> _failures = new(StringComparer.Ordinal);
    private long _nextSweepTicks;
    private long _nextFailureSweepTicks;

    internal int PartitionCount => _partitions.Count;

    public ValueTask<RateLimitDecision> AcquireAsync(string partitionKey, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowStart = RateLimitWindow.Start(now, window);
        SweepIfDue(now, windowStart, window);

        while (true)
        {
            var partition = _partitions.GetOrAdd(partitionKey, static (_, state) => new Partition(state.limit, state.window), (limit, window));
            lock (partition)
            {
                // Evicted between the lookup and the lock: count this request on the partition's replacement.
                if (partition.Evicted)
                {
                    continue;
                }

                var (allowed, remaining) = partition.Acquire(limit, window, windowStart);
                return ValueTask.FromResult(new RateLimitDecision(allowed, limit, remaining, RateLimitWindow.Remaining(now, window)));
            }
        }
    }

    public ValueTask<FailureCount> AddFailureAsync(string key, TimeSpan forgetAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var count = _failures.AddOrUpdate(key, static (_, state) => new FailureCount(1, state.now),
            static (_, old, state) => new FailureCount(old.LastFailureAt < state.now - state.forgetAfter ? 1 : old.Failures + 1, state.now),
            (now, forgetAfter));
        SweepFailures(now, forgetAfter);
        return ValueTask.FromResult(count);
    }

    public ValueTask<IReadOnlyList<FailureCount>> FailuresAsync(IReadOnlyList<string> keys, TimeSpan forgetAfter, CancellationToken cancellationToken)
    {
        var forgetBefore = time.GetUtcNow() - forgetAfter;
        return ValueTask.FromResult<IReadOnlyList<FailureCount>>([.. keys.Select(k =>
            _failures.TryGetValue(k, out var count) && count.LastFailureAt >= forgetBefore ? count : FailureCount.None)]);
    }

    public ValueTask ClearFailuresAsync(string key, CancellationToken cancellationToken)
    {
        _failures.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    // A key nobody failed for a whole forget period counts as none anyway: drop such keys, at most once a period.
    private void SweepFailures(DateTimeOffset now, TimeSpan forgetAfter)
    {
        var due = Interlocked.Read(ref _nextFailureSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextFailureSweepTicks, now.UtcTicks + forgetAfter.Ticks, due) != due)
        {
            return;
        }

        foreach (var entry in _failures)
        {
            if (entry.Value.LastFailureAt < now - forgetAfter)
            {
                _failures.TryRemove(entry);
            }
        }
    }

    private void SweepIfDue(DateTimeOffset now, DateTimeOffset windowStart, TimeSpan window)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + window.Ticks, due) != due)
        {
            return;
        }

        foreach (var entry in _partitions)
        {
            lock (entry.Value)
            {
                if (entry.Value.WindowStart < windowStart)
                {
                    entry.Value.Evicted = true;
                    _partitions.TryRemove(entry);
                    entry.Value.Dispose();
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var partition in _partitions.Values)
        {
            partition.Dispose();
        }

        _partitions.Clear();
    }

    /// <summary>One partition's limiter for the current window; every member is used under the partition's lock.</summary>
    private sealed class Partition(int limit, TimeSpan window) : IDisposable
    {
        private FixedWindowRateLimiter _limiter = Create(limit, window);
        private int _limit = limit;

        public DateTimeOffset WindowStart { get; private set; } = DateTimeOffset.MinValue;

        public bool Evicted { get; set; }

        public (bool Allowed, int Remaining) Acquire(int limit, TimeSpan window, DateTimeOffset windowStart)
        {
            if (windowStart != WindowStart)
            {
                // A new window of the injected clock: a fresh budget. (The limiter's own replenishment follows the real
                // clock, which tests cannot move.)
                Replace(Create(limit, window), limit);
                WindowStart = windowStart;
            }
            else if (limit != _limit)
            {
                // The organization changed plans mid-window: keep what this window has used under the new allowance.
                var used = _limit - Available();
                Replace(Create(limit, window), limit);
                if (used > 0)
                {
                    using var _ = _limiter.AttemptAcquire(Math.Min(used, limit));
                }
            }

            using var lease = _limiter.AttemptAcquire();
            return (lease.IsAcquired, Available());
        }

        public void Dispose() => _limiter.Dispose();

        private void Replace(FixedWindowRateLimiter limiter, int limit)
        {
            _limiter.Dispose();
            _limiter = limiter;
            _limit = limit;
        }

        private int Available() => (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

        private static FixedWindowRateLimiter Create(int limit, TimeSpan window) => new(new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = false,
        });
    }
}
