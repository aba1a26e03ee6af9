using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Envelope.Server.Features.Secrets;

/// <summary>Identifies a level by slugs; the deepest one given is the level.</summary>
internal interface ILevelRequest
{
    string? Project { get; }
    string? Target { get; }
    string? Environment { get; }
}

public sealed record StoreSecretsRequest(
    [property: Required] string? Project,
    string? Target,
    string? Environment,
    [property: Required] string? Content,
    string? KeyProof,
    bool NoBackup = false) : ILevelRequest;

public sealed record DeleteSecretsRequest(
    [property: Required] string? Project,
    string? Target,
    string? Environment,
    bool NoBackup = false,
    bool Confirmed = false) : ILevelRequest;

public sealed record RetrieveSecretsRequest(
    [property: Required] string? Project,
    string? Target,
    string? Environment,
    [property: JsonConverter(typeof(RetrieveActionConverter))] RetrieveAction Action = RetrieveAction.Read,
    SecretFilters? Filters = null,
    [property: JsonConverter(typeof(MergeModeConverter))] MergeMode Merge = MergeMode.False,
    bool Raw = false) : ILevelRequest;

/// <summary>Narrows a decrypted read: exact key names, any of the tags (<c># @tags:</c> annotations), or a key substring.</summary>
public sealed record SecretFilters(IReadOnlyList<string>? Names, IReadOnlyList<string>? Tags, string? Search)
{
    public bool IsEmpty => Names is null && Tags is null && string.IsNullOrEmpty(Search);
}

// The converters sit on the request's properties: the API-wide enum converter would otherwise win over a type's own.
public enum RetrieveAction
{
    Read,
    Decrypt,
    KeyRetrieve,
}

/// <summary>false: levels apart; true: only the merged result; both: both.</summary>
public enum MergeMode
{
    False,
    True,
    Both,
}

internal static class MergeModes
{
    public static bool TryParse(string? value, out MergeMode mode)
    {
        mode = value?.ToLowerInvariant() switch
        {
            null or "" or "false" or "0" => MergeMode.False,
            "true" or "1" => MergeMode.True,
            "both" => MergeMode.Both,
            _ => (MergeMode)(-1),
        };
        return Enum.IsDefined(mode);
    }
}

/// <summary>The spec shows <c>"merge": "false"</c>; clients also send booleans. Both read the same.</summary>
internal sealed class MergeModeConverter : JsonConverter<MergeMode>
{
    public override MergeMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.String => reader.GetString(),
            _ => throw new JsonException("Must be false, true or both."),
        };
        return MergeModes.TryParse(text, out var mode) ? mode : throw new JsonException("Must be false, true or both.");
    }

    public override void Write(Utf8JsonWriter writer, MergeMode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString().ToLowerInvariant());
}

internal sealed class RetrieveActionConverter : JsonConverter<RetrieveAction>
{
    public override RetrieveAction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString() switch
            {
                "read" => RetrieveAction.Read,
                "decrypt" => RetrieveAction.Decrypt,
                "key:retrieve" => RetrieveAction.KeyRetrieve,
                _ => throw new JsonException("Must be read, decrypt or key:retrieve."),
            }
            : throw new JsonException("Must be read, decrypt or key:retrieve.");

    public override void Write(Utf8JsonWriter writer, RetrieveAction value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value switch { RetrieveAction.Decrypt => "decrypt", RetrieveAction.KeyRetrieve => "key:retrieve", _ => "read" });
}
