using System.Text.Json.Serialization;

namespace Envelope.Client.Models;

/// <summary>The outcome of a restore: a new current version copying an old one.</summary>
public sealed class RestoredVersion
{
    /// <summary>The level's secret id.</summary>
    public string SecretId { get; init; } = "";

    /// <summary>The version copied.</summary>
    // The server prints it as a string, as the specification's example does.
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long RestoredFrom { get; init; }

    /// <summary>The new version.</summary>
    public long? Version { get; init; }
}
