using Envelope.Server.Data;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Keys;

internal static class KeyServiceExtensions
{
    /// <summary>The master key, loaded before the server takes requests, the data keys it wraps and their descriptors.</summary>
    public static IServiceCollection AddEnvelopeKeys(this IServiceCollection services)
    {
        services.AddMasterKey();
        services.AddHostedService<MasterKeyPreload>();
        services.AddScoped<KeyDescriptors>();
        services.AddEnvelopeDataProtection();
        return services;
    }

    /// <summary>The master key (loaded once, generated on first use if none is configured) and the data keys it wraps.</summary>
    public static IServiceCollection AddMasterKey(this IServiceCollection services)
    {
        services.AddSettings<MasterKeyOptions>();
        services.AddSingleton(sp => MasterKey.Load(
            sp.GetRequiredService<IOptions<MasterKeyOptions>>().Value,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<MasterKey>()));
        services.AddSettings<DataKeyCacheOptions>();
        services.AddSingleton<DataKeys>();
        return services;
    }

    /// <summary>Loads (or generates) the master key at start: a bad one must stop the start, not the first request.</summary>
    private sealed class MasterKeyPreload(IServiceProvider services) : StartupTask
    {
        public override Task StartingAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<MasterKey>();
            return Task.CompletedTask;
        }
    }
}
