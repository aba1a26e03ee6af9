using Envelope.Server.Jobs;
using Envelope.Server.Keys;

namespace Envelope.Server.Features.Secrets;

public static class SecretsServiceExtensions
{
    /// <summary>Keys, the secret write path, reads and their cache, the last-access recorder and the re-encryption jobs.</summary>
    public static IServiceCollection AddEnvelopeSecrets(this IServiceCollection services)
    {
        services.AddMasterKey();
        services.AddScoped<KeyDescriptors>();
        services.AddScoped<SecretWriter>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddScoped<SecretCipher>();
        services.AddScoped<SecretReader>();
        services.AddOptions<SecretReadCacheOptions>().BindConfiguration(string.Empty).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SecretReadCache>();
        services.AddSingleton<LastAccessRecorder>();
        services.AddHostedService<LastAccessFlusher>();

        services.AddOptions<KeyJobOptions>().BindConfiguration(string.Empty).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobSignal>();
        services.AddScoped<KeyJobRunner>();
        services.AddHostedService<KeyJobWorker>();
        return services;
    }
}
