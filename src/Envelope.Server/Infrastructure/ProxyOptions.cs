using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Envelope.Server.Infrastructure;

/// <summary>Proxies whose X-Forwarded-For/-Proto are believed; nobody else can spoof a client address or https.</summary>
internal sealed class ProxyOptions : IValidatableObject
{
    /// <summary>Comma-separated addresses or CIDR networks, e.g. <c>10.0.0.5,192.168.1.0/24</c>.</summary>
    [ConfigurationKeyName("ENVELOPE_TRUSTED_PROXIES")]
    public string? TrustedProxies { get; set; }

    public IEnumerable<System.Net.IPNetwork> TrustedNetworks() =>
        Entries().Select(entry => entry.Contains('/', StringComparison.Ordinal)
                ? System.Net.IPNetwork.Parse(entry)
                : new System.Net.IPNetwork(IPAddress.Parse(entry), IPAddress.Parse(entry).GetAddressBytes().Length * 8));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        from entry in Entries()
        where !(entry.Contains('/', StringComparison.Ordinal) ? System.Net.IPNetwork.TryParse(entry, out _) : IPAddress.TryParse(entry, out _))
        select new ValidationResult($"ENVELOPE_TRUSTED_PROXIES holds '{entry}', which is neither an address nor a CIDR network.");

    private string[] Entries() =>
        (TrustedProxies ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
