using Envelope.Client.Models;

namespace Envelope.Client.Internal;

/// <summary>A hierarchical read: <c>data.attributes</c> holds the levels, the merge and the key descriptors.</summary>
internal sealed record SecretsRead<TLevel>(SecretsAttributes<TLevel> Attributes)
    where TLevel : class;

internal sealed record SecretsAttributes<TLevel>(
    bool Encrypted,
    string? Format,
    LevelSet<TLevel>? Levels,
    Dictionary<string, string>? Secrets,
    List<KeyDescriptor>? Keys,
    LevelPlace? Place = null,
    List<string>? Ignored = null)
    where TLevel : class;

/// <summary><c>levels</c>: one member per level that holds a blob.</summary>
internal sealed record LevelSet<TLevel>(TLevel? Project, TLevel? Target, TLevel? Environment)
    where TLevel : class;
