namespace Envelope.Server.Auth;

internal sealed class ApiTokenCacheOptions
{
    /// <summary>
    /// How long a validated token is trusted without reading its row again. A revocation is immediate on the node
    /// that revoked it and takes at most this long on the others; 0 reads the row on every request.
    /// </summary>
    [ConfigurationKeyName("ENVELOPE_TOKEN_CACHE_SECONDS")]
    [System.ComponentModel.DataAnnotations.Range(0, 300)]
    public int Seconds { get; set; } = 10;
}
