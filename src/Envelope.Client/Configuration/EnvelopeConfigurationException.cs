namespace Envelope.Client.Configuration;

/// <summary>
/// The Envelope configuration provider could not load the secrets at start-up, or its options are incomplete. The message
/// says what and where (server, organization, level, error code), never a token, key or value.
/// </summary>
public sealed class EnvelopeConfigurationException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public EnvelopeConfigurationException()
        : this("The Envelope secrets could not be loaded.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What went wrong.</param>
    public EnvelopeConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause, such as an <see cref="EnvelopeApiException"/>.</param>
    public EnvelopeConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
