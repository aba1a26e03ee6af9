using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Infrastructure;

internal static class SettingsServiceExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from the flat settings (environment variables or appsettings keys) and
    /// checks it when the server starts, so a wrong setting stops the start with a message that names it.
    /// </summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services)
        where TOptions : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, SettingsValidation<TOptions>>());
        return services.AddOptions<TOptions>().BindConfiguration(string.Empty).ValidateOnStart();
    }
}
