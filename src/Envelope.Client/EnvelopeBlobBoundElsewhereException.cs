namespace Envelope.Client;

/// <summary>
/// A v2 blob that the right key does not open at the level it was found: it is bound to another level or key version, so
/// something other than Envelope moved (or altered) it. Nothing of it is returned. The error code is
/// <see cref="EnvelopeErrorCodes.BlobBoundElsewhere"/>, as the server answers for server-managed projects.
/// </summary>
/// <remarks>
/// A client tells this apart from a wrong key only when the key is shown right: another blob of the same read opened with
/// it, or the blob opens at another level of the read. Otherwise the failure is an <see cref="EnvelopeDecryptionException"/>.
/// </remarks>
public sealed class EnvelopeBlobBoundElsewhereException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public EnvelopeBlobBoundElsewhereException()
        : this("A stored blob is bound to another level or key version: it was moved or altered outside Envelope.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">Which blob, never its content or the key.</param>
    public EnvelopeBlobBoundElsewhereException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">Which blob.</param>
    /// <param name="innerException">The underlying error.</param>
    public EnvelopeBlobBoundElsewhereException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The error code, <see cref="EnvelopeErrorCodes.BlobBoundElsewhere"/>.</summary>
    public string ErrorCode => EnvelopeErrorCodes.BlobBoundElsewhere;
}
