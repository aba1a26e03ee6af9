namespace Envelope.Crypto;

/// <summary>How <see cref="SecretsBlob.TryOpen"/> ended.</summary>
public enum BlobOpenStatus
{
    /// <summary>The blob authenticated; the plaintext is set.</summary>
    Opened,

    /// <summary>The blob is not a well-formed v1 or v2 blob, or its authentic plaintext is not UTF-8.</summary>
    Malformed,

    /// <summary>A v1 blob did not authenticate: the key is wrong or the blob was altered.</summary>
    AuthenticationFailed,

    /// <summary>
    /// A v2 blob did not authenticate under this place's associated data: the key is wrong, the blob was altered, or it
    /// was sealed for another place (level or key version). A caller that knows the key is right (the server for its own
    /// data keys, a client whose key proof matches) reports the blob as bound elsewhere.
    /// </summary>
    NotBoundHere,
}
