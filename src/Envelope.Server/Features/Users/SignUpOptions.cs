namespace Envelope.Server.Features.Users;

internal sealed class SignUpOptions
{
    /// <summary>Closed by default: users are added by an operator (<c>user add</c>) unless this is true.</summary>
    [ConfigurationKeyName("ENVELOPE_SIGNUP_ENABLED")]
    public bool Enabled { get; set; }
}
