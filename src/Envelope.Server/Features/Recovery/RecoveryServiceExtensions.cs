namespace Envelope.Server.Features.Recovery;

internal static class RecoveryServiceExtensions
{
    /// <summary>The recovery window of deleted projects, targets and environments; the key job worker runs its purge.</summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services) => services.AddScoped<NodeRemoval>();
}
