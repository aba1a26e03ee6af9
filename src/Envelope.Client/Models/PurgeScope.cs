using System.Text.Json.Serialization;

namespace Envelope.Client.Models;

/// <summary>How much history a purge deletes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PurgeScope>))]
public enum PurgeScope
{
    /// <summary>The versions of the one level named (<c>level</c>).</summary>
    [JsonStringEnumMemberName("level")]
    Level,

    /// <summary>The versions of every level of the project (<c>project</c>).</summary>
    [JsonStringEnumMemberName("project")]
    Project,
}
