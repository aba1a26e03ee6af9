using Envelope.Server.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Envelope.Server.Tests.RateLimiting;

public sealed class MemoryRateLimitStoreTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 15, TimeSpan.Zero));

    [Fact]
    public async Task Acquire_ConcurrentlyBeyondTheLimit_AdmitsExactlyTheLimit()
    {
        using var store = new MemoryRateLimitStore(_time);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => store.AcquireAsync("p", 100, Minute, CancellationToken.None).AsTask())));

        Assert.Equal(100, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.Equal(0, d.Remaining));
    }

    [Fact]
    public async Task Acquire_InTheNextWindow_StartsAFullBudget()
    {
        using var store = new MemoryRateLimitStore(_time);
        for (var i = 0; i < 3; i++)
        {
            await store.AcquireAsync("p", 3, Minute, CancellationToken.None);
        }

        var refused = await store.AcquireAsync("p", 3, Minute, CancellationToken.None);
        _time.Advance(refused.RetryAfter);
        var admitted = await store.AcquireAsync("p", 3, Minute, CancellationToken.None);

        Assert.False(refused.Allowed);
        Assert.Equal(45, refused.RetryAfterSeconds);
        Assert.True(admitted.Allowed);
        Assert.Equal(2, admitted.Remaining);
    }

    [Fact]
    public async Task Partitions_IdleForAWholeWindow_AreEvicted()
    {
        using var store = new MemoryRateLimitStore(_time);
        await store.AcquireAsync("idle", 10, Minute, CancellationToken.None);
        await store.AcquireAsync("busy", 10, Minute, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));
        await store.AcquireAsync("busy", 10, Minute, CancellationToken.None);
        Assert.Equal(2, store.PartitionCount);

        _time.Advance(Minute);
        var decision = await store.AcquireAsync("busy", 10, Minute, CancellationToken.None);

        // Both were idle in the new window, so both went; "busy" came back with a full budget, as it would have anyway.
        Assert.Equal(1, store.PartitionCount);
        Assert.Equal(9, decision.Remaining);
    }

    [Fact]
    public async Task Acquire_WithARaisedLimitMidWindow_KeepsWhatWasUsed()
    {
        using var store = new MemoryRateLimitStore(_time);
        for (var i = 0; i < 5; i++)
        {
            await store.AcquireAsync("org", 5, Minute, CancellationToken.None);
        }

        var raised = await store.AcquireAsync("org", 8, Minute, CancellationToken.None);

        Assert.True(raised.Allowed);
        Assert.Equal(2, raised.Remaining);
    }
}
