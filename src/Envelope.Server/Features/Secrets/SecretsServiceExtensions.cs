namespace Envelope.Server.Features.Secrets;

internal static class SecretsServiceExtensions
{
    /// <summary>The secret write path, reads and their cache, and the last-access recorder.</summary>
    public static IServiceCollection AddEnvelopeSecrets(this IServiceCollection services)
    {
        services.AddScoped<SecretWriter>();
        services.AddScoped<SecretCipher>();
        services.AddScoped<SecretReader>();
        services.AddSettings<SecretReadCacheOptions>();
        services.AddSingleton<SecretReadCache>();
        services.AddSingleton<LastAccessRecorder>();
        services.AddHostedService<VersionChainBackfill>();
        services.AddHostedService<LastAccessFlusher>();
        return services;
    }
}
