using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpOverrides;

namespace Envelope.Server.Infrastructure;

internal static class ApiServiceExtensions
{
    /// <summary>JSON conventions, errors, limits, proxies and logging.</summary>
    public static IServiceCollection AddEnvelopeApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);

        services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
        // Binding failures throw, so the exception handler answers them in the error contract, naming the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddValidation();
        // Registered before AddProblemDetails so that it comes first and the framework's RFC 9457 writer is never used.
        services.AddSingleton<IProblemDetailsWriter, ApiErrorProblemWriter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddSettings<HttpLimitsOptions>();
        services.AddSettings<ProxyOptions>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<Microsoft.Extensions.Options.IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var network in proxies.Value.TrustedNetworks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });

        // Headers are logged only when allow-listed; Authorization never is, so tokens stay out of the logs.
        services.AddHttpLogging(options =>
        {
            options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            options.CombineLogs = true;
        });

        return services;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        // A misspelt field ("confirmd") must fail loudly rather than silently change what a request means.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }
}
