using Envelope.Server.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Envelope.Server.Keys;

internal static class DataProtectionServiceExtensions
{
    /// <summary>
    /// The name every node and every version of Envelope protects under; by default it would be the content root,
    /// which differs between installs and containers and would make one node's cookies unreadable on another.
    /// </summary>
    public const string ApplicationName = "envelope";

    /// <summary>
    /// Data Protection (console and login cookies, antiforgery tokens) with its key ring in the database, each key
    /// encrypted under the master key: every node reads the same ring and a restarted container keeps it. The
    /// framework's own rotation (a new key every 90 days, created ahead of use) stays on.
    /// </summary>
    public static IServiceCollection AddEnvelopeDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<EnvelopeDbContext>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<MasterKey>((options, masterKey) => options.XmlEncryptor = new MasterKeyXmlEncryptor(masterKey));
        return services;
    }
}
