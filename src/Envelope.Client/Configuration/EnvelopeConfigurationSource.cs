using Microsoft.Extensions.Configuration;

namespace Envelope.Client.Configuration;

/// <summary>Builds the <see cref="EnvelopeConfigurationProvider"/> of an environment's secrets.</summary>
public sealed class EnvelopeConfigurationSource : IConfigurationSource
{
    /// <summary>Creates the source.</summary>
    /// <param name="options">What to load and from where.</param>
    public EnvelopeConfigurationSource(EnvelopeConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>What to load and from where.</summary>
    public EnvelopeConfigurationOptions Options { get; }

    /// <summary>Creates the provider.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <returns>The provider.</returns>
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new EnvelopeConfigurationProvider(Options);
}
