namespace Envelope.Server.Data.Entities;

/// <summary>
/// Failed sign-ins counted against one key (<c>account:…</c> or <c>address:…</c>) for the database rate-limit store.
/// <see cref="LastFailureAt"/> is in Unix milliseconds, so the raw upsert needs no provider-specific date conversion.
/// </summary>
internal sealed class SignInFailure
{
    public required string Key { get; init; }
    public int Failures { get; set; }
    public long LastFailureAt { get; set; }
}
