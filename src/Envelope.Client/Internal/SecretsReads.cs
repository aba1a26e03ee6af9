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

    public static DecryptedSecrets ToDecrypted(SecretsRead<Dictionary<string, string>> read) => new()
    {
        Project = read.Attributes.Levels?.Project,
        Target = read.Attributes.Levels?.Target,
        Environment = read.Attributes.Levels?.Environment,
        Merged = read.Attributes.Secrets ?? new Dictionary<string, string>(StringComparer.Ordinal),
    };
}
