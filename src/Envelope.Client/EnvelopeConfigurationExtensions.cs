using Envelope.Client.Configuration;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds the secrets of an Envelope environment to a configuration.</summary>
public static class EnvelopeConfigurationExtensions
{
    /// <summary>
    /// Adds the merged secrets of one Envelope level (typically an environment) as configuration values, with <c>__</c> in
    /// keys read as <c>:</c>. With a <see cref="ConfigurationManager"/> (<c>builder.Configuration</c>) they load at once, and a
    /// failure throws an <see cref="EnvelopeConfigurationException"/> that says why.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="configure">Sets the server, token, organization, level, and for client-managed projects the client key.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddEnvelopeSecrets(this IConfigurationBuilder builder, Action<EnvelopeConfigurationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new EnvelopeConfigurationOptions();
        configure(options);
        return builder.AddEnvelopeSecrets(options);
    }

    /// <summary>Adds the merged secrets of one Envelope level as configuration values.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="options">The server, token, organization, level, and for client-managed projects the client key.</param>
    /// <returns>The builder.</returns>
    public static IConfigurationBuilder AddEnvelopeSecrets(this IConfigurationBuilder builder, EnvelopeConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.Add(new EnvelopeConfigurationSource(options));
    }
}
