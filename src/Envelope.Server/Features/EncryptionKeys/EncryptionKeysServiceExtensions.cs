using Envelope.Server.Features.EncryptionKeys.Jobs;

namespace Envelope.Server.Features.EncryptionKeys;

internal static class EncryptionKeysServiceExtensions
{
    /// <summary>The key lifecycle: rotations, and the durable jobs that re-encrypt history onto a new key.</summary>
    public static IServiceCollection AddEncryptionKeys(this IServiceCollection services)
    {
        services.AddSettings<KeyJobOptions>();
        services.AddSingleton<JobSignal>();
        services.AddScoped<KeyJobRunner>();
        services.AddHostedService<KeyJobWorker>();
        return services;
    }
}
