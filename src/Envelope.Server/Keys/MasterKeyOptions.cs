using Microsoft.Extensions.Configuration;

namespace Envelope.Server.Keys;

public sealed class MasterKeyOptions
{
    /// <summary>Base64 of 32 bytes.</summary>
    [ConfigurationKeyName("ENVELOPE_MASTER_KEY")]
    public string? MasterKey { get; set; }

    /// <summary>A file holding the base64 master key.</summary>
    [ConfigurationKeyName("ENVELOPE_MASTER_KEY_FILE")]
    public string? MasterKeyFile { get; set; }

    /// <summary>
    /// The master key being replaced (base64), during a master-key rotation: data keys it wrapped still unwrap while
    /// <c>master-key rotate</c> re-wraps them under the current one.
    /// </summary>
    [ConfigurationKeyName("ENVELOPE_PREVIOUS_MASTER_KEY")]
    public string? PreviousMasterKey { get; set; }
}
