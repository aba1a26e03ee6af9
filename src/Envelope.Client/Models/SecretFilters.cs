namespace Envelope.Client.Models;

/// <summary>Narrows a decrypted retrieve; every filter given must match.</summary>
public sealed class SecretFilters
{
    /// <summary>Exact key names.</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>Tags (<c># @tags:</c> annotations); an entry matches when it has any of them.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>A case-insensitive substring of the key.</summary>
    public string? Search { get; init; }
}
