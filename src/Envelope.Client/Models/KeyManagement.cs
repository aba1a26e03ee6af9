using System.Text.Json.Serialization;

namespace Envelope.Client.Models;

/// <summary>Who holds a project's encryption key. It is chosen when the project is created and never changes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KeyManagement>))]
public enum KeyManagement
{
    /// <summary>The server holds versioned data keys and can decrypt on request (<c>server</c>).</summary>
    [JsonStringEnumMemberName("server")]
    Server,

    /// <summary>Only the clients hold the key; the server verifies a proof of it (<c>client</c>).</summary>
    [JsonStringEnumMemberName("client")]
    Client,
}
