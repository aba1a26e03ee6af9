using System.Text.Json;

namespace Envelope.Client.Models;

/// <summary>An entry of the audit trail. Events hold ids, paths and counts, never secret material.</summary>
public sealed class AuditEvent
{
    /// <summary>The event's id; ids grow with time.</summary>
    public long Id { get; init; }

    /// <summary>What happened, such as <c>secrets.store</c>.</summary>
    public string Action { get; init; } = "";

    /// <summary>The token that did it.</summary>
    public string? TokenId { get; init; }

    /// <summary>The project concerned, if any.</summary>
    public string? ProjectId { get; init; }

    /// <summary>The path or id the action applied to.</summary>
    public string? Subject { get; init; }

    /// <summary>Action-specific details.</summary>
    public JsonElement? Details { get; init; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The event's place in its organization's audit chain: 1, 2, 3… without gaps.</summary>
    public long Sequence { get; init; }

    /// <summary>SHA-256 of the event and the previous event's hash (hex).</summary>
    public string? Hash { get; init; }
}
