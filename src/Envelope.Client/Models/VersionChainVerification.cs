namespace Envelope.Client.Models;

/// <summary>The server's walk of a level's version chain (<c>GET .../secrets/versions/verify</c>).</summary>
public sealed class VersionChainVerification
{
    /// <summary>Whether every link recomputes and extends the one before it.</summary>
    public bool Valid { get; init; }

    /// <summary>How many versions were walked, tombstones included.</summary>
    public int VersionsChecked { get; init; }

    /// <summary>The first link that does not hold, when <see cref="Valid"/> is false.</summary>
    public VersionChainBreak? FirstBreak { get; init; }
}

/// <summary>Where and why a version chain breaks.</summary>
public sealed class VersionChainBreak
{
    /// <summary>The id of the first version whose link does not hold.</summary>
    public long Number { get; init; }

    /// <summary>Why, e.g. <c>hash_mismatch</c> or <c>previous_mismatch</c> (docs/encryption.md lists them).</summary>
    public string Reason { get; init; } = "";
}
