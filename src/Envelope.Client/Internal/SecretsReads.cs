using System.Net;
using System.Text.Json.Nodes;
using Envelope.Client.Models;

namespace Envelope.Client.Internal;

internal static class SecretsReads
{
    public static EncryptedSecrets ToEncrypted(SecretsRead<EncryptedLevel> read) => new()
    {
        Project = read.Attributes.Levels?.Project,
        Target = read.Attributes.Levels?.Target,
        Environment = read.Attributes.Levels?.Environment,
        Keys = read.Attributes.Keys ?? [],
        Place = read.Attributes.Place,
    };

    /// <summary>
    /// A read that asked the server to decrypt. A client-managed project's read answers its ciphertext instead (the
    /// server never holds that key), which a caller expecting values must not take for them.
    /// </summary>
    public static DecryptedSecrets ToDecrypted(SecretsRead<JsonObject> read)
    {
        if (read.Attributes.Encrypted)
        {
            throw NotDecrypted();
        }

        return new()
        {
            Project = Values(read.Attributes.Levels?.Project),
            Target = Values(read.Attributes.Levels?.Target),
            Environment = Values(read.Attributes.Levels?.Environment),
            Merged = read.Attributes.Secrets ?? new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    public static EnvelopeApiException NotDecrypted() =>
        new(HttpStatusCode.BadRequest, EnvelopeErrorCodes.ClientManagedKey,
            "The project's key is client-managed: the server answered its ciphertext. Decrypt it with ClientManagedSecrets.");

    private static Dictionary<string, string>? Values(JsonObject? level) =>
        level?.ToDictionary(p => p.Key, p => p.Value is JsonValue value && value.TryGetValue(out string? text) ? text
            : throw new EnvelopeApiException(HttpStatusCode.OK, EnvelopeErrorCodes.UnexpectedResponse, $"The decrypted value of {p.Key} is not a string."), StringComparer.Ordinal);
}
