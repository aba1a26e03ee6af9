namespace Envelope.Crypto;

/// <summary>
/// The exception thrown when a secrets blob is not well formed: not canonical base64, too short to hold
/// an IV and a tag, or (after authentication) not UTF-8 text.
/// </summary>
/// <remarks>
/// A blob that is well formed but fails authentication (wrong key, tampered bytes) raises
/// <see cref="System.Security.Cryptography.CryptographicException"/> instead. Messages never quote the blob.
/// </remarks>
public sealed class BlobFormatException : FormatException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public BlobFormatException()
        : base("The secrets blob is not well formed.")
    {
    }

    /// <summary>Initializes a new instance with the given message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public BlobFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with the given message and inner exception.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public BlobFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
