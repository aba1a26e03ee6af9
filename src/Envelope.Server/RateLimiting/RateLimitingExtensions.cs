using Envelope.Server.Data;

namespace Envelope.Server.RateLimiting;

internal static class RateLimitingExtensions
{
    /// <summary>The rate limiter and its store: <c>ENVELOPE_RATE_LIMIT_STORE</c>, else the database on PostgreSQL and memory on SQLite.</summary>
    public static IServiceCollection AddEnvelopeRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<RateLimitOptions>();
        services.AddSingleton<OrganizationRequestLimits>();
        services.AddSettings<SignInThrottleOptions>();
        services.AddScoped<SignInThrottle>();

        var options = configuration.Get<RateLimitOptions>() ?? new RateLimitOptions();
        var store = options.Store ?? (StorageOptions.From(configuration).IsPostgres ? RateLimitStoreKind.Database : RateLimitStoreKind.Memory);
        if (store == RateLimitStoreKind.Database)
        {
            services.AddScoped<IRateLimitStore, DatabaseRateLimitStore>();
            services.AddHostedService<RateLimitCounterPruner>();
        }
        else
        {
            services.AddSingleton<IRateLimitStore, MemoryRateLimitStore>();
        }

        return services;
    }

    /// <summary>
    /// Before <c>UseAuthentication</c>: the OAuth token and telemetry endpoints, per client address. The OAuth server
    /// answers its token endpoint inside the authentication middleware, so a later limiter would never see it.
    /// </summary>
    public static IApplicationBuilder UseEndpointRateLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<RateLimitMiddleware>(RateLimitStage.Endpoint);

    /// <summary>After <c>UseAuthentication</c>: every other request, per organization with a valid token, else per client address.</summary>
    public static IApplicationBuilder UseCallerRateLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<RateLimitMiddleware>(RateLimitStage.Caller);
}
