namespace Envelope.Client.Models;

/// <summary>A project, target or environment in the organization's recovery window: restorable until <see cref="PurgeAt"/>.</summary>
public sealed class DeletedNode
{
    /// <summary>The node's ULID, which restore and purge take.</summary>
    public string Id { get; init; } = "";

    /// <summary><c>project</c>, <c>target</c> or <c>environment</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The node's slugs joined by <c>/</c>: <c>my-app/backend</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>The project's slug.</summary>
    public string Project { get; init; } = "";

    /// <summary>The target's slug, for a target or an environment.</summary>
    public string? Target { get; init; }

    /// <summary>The environment's slug, for an environment.</summary>
    public string? Environment { get; init; }

    /// <summary>The id of the user or token that deleted it.</summary>
    public string? DeletedBy { get; init; }

    /// <summary>When it was deleted.</summary>
    public DateTimeOffset DeletedAt { get; init; }

    /// <summary>When the server purges it for good.</summary>
    public DateTimeOffset PurgeAt { get; init; }

    /// <summary>How many versions of secrets it holds, below it included.</summary>
    public int Versions { get; init; }

    /// <summary>True while the node above it is deleted too: restore that one first.</summary>
    public bool ParentDeleted { get; init; }
}
