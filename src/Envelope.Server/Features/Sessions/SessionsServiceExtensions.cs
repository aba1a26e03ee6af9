using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Envelope.Server.Features.Sessions;

internal static class SessionsServiceExtensions
{
    /// <summary>Writing and revoking session rows, for the web host and the operator commands alike.</summary>
    public static IServiceCollection AddConsoleSessionRows(this IServiceCollection services)
    {
        services.TryAddSingleton<SessionActivity>();
        services.TryAddScoped<ConsoleSessions>();
        return services;
    }

    /// <summary>The web host's part: the validity cache and the background writer of last-seen times.</summary>
    public static IServiceCollection AddConsoleSessions(this IServiceCollection services)
    {
        services.AddConsoleSessionRows();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<SessionActivityFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<SessionActivityFlusher>());
        return services;
    }
}
