namespace Envelope.Client;

/// <summary>Where a client-key rotation stands.</summary>
public enum ClientKeyRotationStage
{
    /// <summary>Re-encrypting the project's current blobs under the new key, before anything changes on the server.</summary>
    CurrentSecrets,

    /// <summary>The server swapped the blobs and the key check: the new key is the project's key.</summary>
    Rotated,

    /// <summary>Moving historical versions onto the new key, batch by batch.</summary>
    History,

    /// <summary>Every version is under the new key.</summary>
    Completed,
}
