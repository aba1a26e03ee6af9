using Envelope.Server.Data;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Keys;

public static class KeyServiceExtensions
{
    /// <summary>The master key (loaded once, generated on first use if none is configured) and the data keys it wraps.</summary>
    public static IServiceCollection AddMasterKey(this IServiceCollection services)
    {
        services.AddOptions<MasterKeyOptions>().BindConfiguration(string.Empty);
        services.AddSingleton(sp => MasterKey.Load(
            sp.GetRequiredService<IOptions<MasterKeyOptions>>().Value,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<MasterKey>()));
        services.AddSingleton<DataKeys>();
        return services;
    }
}
