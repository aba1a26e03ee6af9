using System.ComponentModel.DataAnnotations;

namespace Envelope.Server.Features.Users;

/// <summary>
/// How many Argon2id computations (19 MiB and a core each) may run at once, and how many may wait; past that a sign-in
/// or sign-up is answered 503 at once, so a burst of them cannot take the CPU and memory from everything else.
/// </summary>
internal sealed class PasswordHashingOptions
{
    [ConfigurationKeyName("ENVELOPE_PASSWORD_HASH_CONCURRENCY")]
    [Range(1, 256)]
    public int Concurrency { get; set; } = 2;

    [ConfigurationKeyName("ENVELOPE_PASSWORD_HASH_QUEUE")]
    [Range(0, 100000)]
    public int Queue { get; set; } = 32;
}
