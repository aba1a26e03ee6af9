namespace Envelope.Server.OpenApi;

internal static class OpenApiServiceExtensions
{
    /// <summary>The OpenAPI document, naming on each operation the ability it needs.</summary>
    public static IServiceCollection AddEnvelopeOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddOperationTransformer<AbilityOperationTransformer>());
}
