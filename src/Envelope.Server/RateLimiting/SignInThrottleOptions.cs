using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.RateLimiting;

/// <summary>
/// How failed sign-ins slow down guessing, per account (the normalized email, whether or not it exists) and per client
/// address: up to a number of free failures nothing happens; each failure after that doubles a wait before the next
/// attempt; at the lock count every attempt is refused for the lock duration. A success clears the account's count
/// (never the address's: an attacker could otherwise clear it by signing in to an account of their own).
/// </summary>
internal sealed class SignInThrottleOptions : IValidatableObject
{
    [ConfigurationKeyName("ENVELOPE_SIGNIN_THROTTLE_ENABLED")]
    public bool Enabled { get; set; } = true;

    [ConfigurationKeyName("ENVELOPE_SIGNIN_FREE_FAILURES")]
    [Range(1, 1000)]
    public int FreeFailures { get; set; } = 5;

    [ConfigurationKeyName("ENVELOPE_SIGNIN_LOCK_FAILURES")]
    [Range(2, 10000)]
    public int LockFailures { get; set; } = 20;

    /// <summary>A client address stands for many people behind one NAT, so it gets more room than one account.</summary>
    [ConfigurationKeyName("ENVELOPE_SIGNIN_ADDRESS_FREE_FAILURES")]
    [Range(1, 100000)]
    public int AddressFreeFailures { get; set; } = 20;

    [ConfigurationKeyName("ENVELOPE_SIGNIN_ADDRESS_LOCK_FAILURES")]
    [Range(2, 1000000)]
    public int AddressLockFailures { get; set; } = 100;

    /// <summary>The wait after the first failure past the free ones; it doubles with each further failure.</summary>
    [ConfigurationKeyName("ENVELOPE_SIGNIN_FIRST_DELAY_SECONDS")]
    [Range(1, 3600)]
    public int FirstDelaySeconds { get; set; } = 1;

    /// <summary>How long a lock lasts; also the longest wait the doubling reaches.</summary>
    [ConfigurationKeyName("ENVELOPE_SIGNIN_LOCK_MINUTES")]
    [Range(1, 24 * 60)]
    public int LockMinutes { get; set; } = 15;

    /// <summary>A key without a failure for this long starts again from zero; at least the lock duration.</summary>
    [ConfigurationKeyName("ENVELOPE_SIGNIN_FORGET_MINUTES")]
    [Range(1, 7 * 24 * 60)]
    public int ForgetMinutes { get; set; } = 60;

    public TimeSpan LockDuration => TimeSpan.FromMinutes(LockMinutes);

    public TimeSpan ForgetAfter => TimeSpan.FromMinutes(ForgetMinutes);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LockFailures <= FreeFailures)
        {
            yield return new ValidationResult("ENVELOPE_SIGNIN_LOCK_FAILURES must be greater than ENVELOPE_SIGNIN_FREE_FAILURES.");
        }

        if (AddressLockFailures <= AddressFreeFailures)
        {
            yield return new ValidationResult("ENVELOPE_SIGNIN_ADDRESS_LOCK_FAILURES must be greater than ENVELOPE_SIGNIN_ADDRESS_FREE_FAILURES.");
        }

        if (ForgetMinutes < LockMinutes)
        {
            yield return new ValidationResult("ENVELOPE_SIGNIN_FORGET_MINUTES must be at least ENVELOPE_SIGNIN_LOCK_MINUTES.");
        }
    }
}
