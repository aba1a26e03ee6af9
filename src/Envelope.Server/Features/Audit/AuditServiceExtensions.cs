using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Envelope.Server.Features.Audit;

internal static class AuditServiceExtensions
{
    /// <summary>The audit chain (appender, backfill, checkpoints, verifier), the audit key and the JSON-lines sink.</summary>
    public static IServiceCollection AddEnvelopeAudit(this IServiceCollection services)
    {
        services.AddAuditChain();
        // After the migrator (registered before it), before the server takes requests.
        services.AddHostedService<AuditChainBackfill>();
        services.AddScoped<AuditCheckpointWriter>();
        services.AddScoped<AuditVerifier>();
        services.AddHostedService<AuditCheckpointWorker>();
        services.AddSingleton<DecryptedReadRecorder>();
        services.AddHostedService<DecryptedReadFlusher>();
        return services;
    }

    /// <summary>
    /// What every writer of audit events needs, the operator commands too: the appender that chains them and the sink.
    /// Without it an event would be written unnumbered, outside its organization's chain.
    /// </summary>
    public static IServiceCollection AddAuditChain(this IServiceCollection services)
    {
        services.AddSettings<AuditOptions>();
        services.AddSingleton<AuditKey>();
        services.AddSingleton<AuditSink>();
        services.AddSingleton<IInterceptor, AuditChainInterceptor>();
        return services;
    }
}
