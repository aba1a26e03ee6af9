namespace Envelope.Client.Models;

/// <summary>
/// A level and the levels above it, decrypted: each level's values and the merge, where the deepest level that defines a
/// key wins. A level that holds no blob is <see langword="null"/>.
/// </summary>
public sealed class DecryptedSecrets
{
    /// <summary>The project level's values.</summary>
    public IReadOnlyDictionary<string, string>? Project { get; init; }

    /// <summary>The target level's values.</summary>
    public IReadOnlyDictionary<string, string>? Target { get; init; }

    /// <summary>The environment level's values.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Every key of every level with the value of the deepest level that defines it, in first-seen order.</summary>
    public IReadOnlyDictionary<string, string> Merged { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The blobs these values were decrypted from, with the version and chain hash of each level, so a caller can check
    /// that the server did not answer with an older version than it answered before (a rollback); <see langword="null"/>
    /// when the server decrypted.
    /// </summary>
    public EncryptedSecrets? Encrypted { get; init; }
}
