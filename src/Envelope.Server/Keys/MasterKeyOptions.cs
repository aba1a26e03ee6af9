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
}
