using Microsoft.Extensions.Options;

namespace Envelope.Server.RateLimiting;

/// <summary>Why a sign-in attempt is refused before its password is checked.</summary>
internal sealed record SignInBlock(bool Locked, TimeSpan RetryAfter)
{
    /// <summary>Whole seconds, at least 1, as <c>Retry-After</c> wants them.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}

/// <summary>
/// Failed sign-ins per account and per client address, in the rate limits' store (so every node sees the same counts);
/// see <see cref="SignInThrottleOptions"/>. The account key is the normalized email whether or not an account has it,
/// and nothing here reads the users, so a throttled answer says nothing about which accounts exist.
/// </summary>
internal sealed class SignInThrottle(IRateLimitStore store, IOptions<SignInThrottleOptions> options, TimeProvider time)
{
    private SignInThrottleOptions Options => options.Value;

    public static string AccountKey(string normalizedEmail) => "account:" + normalizedEmail;

    public static string AddressKey(string address) => "address:" + address;

    /// <summary>The block in force for this account or address, the longer of the two; null when the attempt may go on.</summary>
    public async Task<SignInBlock?> CheckAsync(string normalizedEmail, string address, CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            return null;
        }

        var counts = await store.FailuresAsync([AccountKey(normalizedEmail), AddressKey(address)], Options.ForgetAfter, cancellationToken);
        var blocks = new[]
        {
            Block(counts[0], Options.FreeFailures, Options.LockFailures),
            Block(counts[1], Options.AddressFreeFailures, Options.AddressLockFailures),
        };
        return blocks.Where(b => b is not null).MaxBy(b => b!.RetryAfter);
    }

    public async Task FailedAsync(string normalizedEmail, string address, CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            return;
        }

        await store.AddFailureAsync(AccountKey(normalizedEmail), Options.ForgetAfter, cancellationToken);
        await store.AddFailureAsync(AddressKey(address), Options.ForgetAfter, cancellationToken);
    }

    public async Task SucceededAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        if (Options.Enabled)
        {
            await store.ClearFailuresAsync(AccountKey(normalizedEmail), cancellationToken);
        }
    }

    private SignInBlock? Block(FailureCount count, int free, int lockAt)
    {
        if (count.Failures < free)
        {
            return null;
        }

        var locked = count.Failures >= lockAt;
        var wait = locked ? Options.LockDuration : Delay(count.Failures - free);
        var remaining = count.LastFailureAt + wait - time.GetUtcNow();
        return remaining > TimeSpan.Zero ? new SignInBlock(locked, remaining) : null;
    }

    // Doubling from the first delay, capped at the lock duration (and before the shift could overflow).
    private TimeSpan Delay(int pastFree)
    {
        var seconds = Options.FirstDelaySeconds * Math.Pow(2, Math.Min(pastFree, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, Options.LockDuration.TotalSeconds));
    }
}
