using System.Text.Json.Nodes;
using Envelope.Crypto;

namespace Envelope.Server.Tests.Infrastructure;

/// <summary>Opens blobs as a client does: a level or version's content at the place and key version the API reports with it.</summary>
public static class TestBlobs
{
    /// <summary>The place of a level (secrets read) or a version (versions GET): its <c>place</c> ids and <c>key_version</c>.</summary>
    public static BlobPlace PlaceOf(JsonNode levelOrVersion)
    {
        var place = levelOrVersion["place"] ?? throw new InvalidOperationException($"No place in {levelOrVersion.ToJsonString()}");
        return new BlobPlace(
            place["organization_id"]!.GetValue<string>(),
            place["project_id"]!.GetValue<string>(),
            place["target_id"]?.GetValue<string>(),
            place["environment_id"]?.GetValue<string>(),
            levelOrVersion["key_version"]!.GetValue<int>());
    }

    /// <summary>The plaintext of the node's <c>content</c>; fails the test unless it opens.</summary>
    public static string Open(ReadOnlySpan<byte> key, JsonNode levelOrVersion)
    {
        var status = SecretsBlob.TryOpen(key, levelOrVersion["content"]!.GetValue<string>(), PlaceOf(levelOrVersion), out var plaintext);
        Assert.Equal(BlobOpenStatus.Opened, status);
        return plaintext!;
    }
}
