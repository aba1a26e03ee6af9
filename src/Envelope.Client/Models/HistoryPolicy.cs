using System.Text.Json.Serialization;

namespace Envelope.Client.Models;

/// <summary>What a server-managed key rotation does with the versions encrypted under older keys.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HistoryPolicy>))]
public enum HistoryPolicy
{
    /// <summary>Old versions stay under their own key version (<c>keep</c>).</summary>
    [JsonStringEnumMemberName("keep")]
    Keep,

    /// <summary>A server job re-encrypts old versions under the new key (<c>re_encrypt</c>).</summary>
    [JsonStringEnumMemberName("re_encrypt")]
    ReEncrypt,
}
