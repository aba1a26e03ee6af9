namespace Envelope.Client;

/// <summary>
/// A blob did not decrypt on this side: the client key is wrong or was rotated, or the content is damaged. The message
/// names the level or version, never the key or the content.
/// </summary>
public sealed class EnvelopeDecryptionException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public EnvelopeDecryptionException()
        : this("The content does not decrypt with the client key.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What did not decrypt.</param>
    public EnvelopeDecryptionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What did not decrypt.</param>
    /// <param name="innerException">The cryptographic or format error.</param>
    public EnvelopeDecryptionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
