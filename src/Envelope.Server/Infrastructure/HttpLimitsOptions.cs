namespace Envelope.Server.Infrastructure;

internal sealed class HttpLimitsOptions
{
    [Microsoft.Extensions.Configuration.ConfigurationKeyName("ENVELOPE_MAX_REQUEST_BODY_BYTES")]
    [System.ComponentModel.DataAnnotations.Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
