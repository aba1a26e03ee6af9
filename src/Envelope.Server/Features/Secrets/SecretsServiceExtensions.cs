using Envelope.Server.Data;
using Envelope.Server.Keys;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Secrets;

public static class SecretsServiceExtensions
{
    /// <summary>Keys, the secret write path, reads and the last-access recorder.</summary>
    public static IServiceCollection AddEnvelopeSecrets(this IServiceCollection services)
    {
        services.AddOptions<MasterKeyOptions>().BindConfiguration(string.Empty);
        services.AddSingleton(sp => MasterKey.Load(
            sp.GetRequiredService<IOptions<MasterKeyOptions>>().Value,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<MasterKey>()));
        services.AddSingleton<DataKeys>();
        services.AddScoped<KeyDescriptors>();
        services.AddScoped<SecretWriter>();
        services.AddScoped<SecretCipher>();
        services.AddScoped<SecretReader>();
        services.AddSingleton<LastAccessRecorder>();
        services.AddHostedService<LastAccessFlusher>();
        return services;
    }
}
