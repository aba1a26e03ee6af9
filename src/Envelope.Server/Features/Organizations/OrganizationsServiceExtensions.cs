namespace Envelope.Server.Features.Organizations;

internal static class OrganizationsServiceExtensions
{
    /// <summary>Creating organizations, and organization <c>default</c> on the first start with an empty database.</summary>
    public static IServiceCollection AddOrganizations(this IServiceCollection services)
    {
        services.AddScoped<OrganizationProvisioner>();
        services.AddHostedService<DefaultOrganizationBootstrap>();
        return services;
    }
}
