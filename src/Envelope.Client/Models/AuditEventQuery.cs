namespace Envelope.Client.Models;

/// <summary>Filters of the audit trail; every filter given must match.</summary>
public sealed class AuditEventQuery
{
    /// <summary>An action, such as <c>secrets.store</c>.</summary>
    public string? Action { get; init; }

    /// <summary>A project slug.</summary>
    public string? Project { get; init; }

    /// <summary>A token id.</summary>
    public string? Token { get; init; }

    /// <summary>Events at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Events before this instant.</summary>
    public DateTimeOffset? Until { get; init; }
}
