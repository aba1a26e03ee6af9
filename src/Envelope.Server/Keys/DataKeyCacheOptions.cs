namespace Envelope.Server.Keys;

internal sealed class DataKeyCacheOptions
{
    /// <summary>
    /// How long an unwrapped data key stays in a node's memory before its row is read again. A key deleted, erased with
    /// its project or re-wrapped on another node is forgotten here within this time, and its bytes are zeroed; 0 unwraps
    /// on every use.
    /// </summary>
    [ConfigurationKeyName("ENVELOPE_DATA_KEY_CACHE_SECONDS")]
    [System.ComponentModel.DataAnnotations.Range(0, 3600)]
    public int Seconds { get; set; } = 60;
}
