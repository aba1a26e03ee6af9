using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Envelope.Server.Infrastructure;

/// <summary>
/// Finds what a JSON path of a request body names in the endpoint's request type, so that a binding failure can be
/// answered for what it is: a value outside an enum's names is a validation failure (422), like the same value in a
/// query string, while a wrong shape stays malformed JSON (400).
/// </summary>
internal static partial class JsonBodyFields
{
    /// <summary>
    /// The rule an enum property at <paramref name="path"/> (<c>$.filters.names[0]</c>) of <paramref name="requestType"/>
    /// holds its value to; null when the path leads elsewhere. A property with a converter of its own (merge, action)
    /// spells its values its own way, and the converter's message says which.
    /// </summary>
    public static string? EnumRule(JsonSerializerOptions options, Type requestType, string path, string converterMessage)
    {
        var type = requestType;
        JsonPropertyInfo? property = null;
        foreach (Match segment in Segment().Matches(path))
        {
            var info = options.GetTypeInfo(type);
            if (segment.Groups["index"].Success)
            {
                property = null;
                type = info.ElementType;
            }
            else
            {
                var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal);
                property = info.Kind == JsonTypeInfoKind.Object ? info.Properties.FirstOrDefault(p => p.Name == name) : null;
                type = property?.PropertyType;
            }

            if (type is null)
            {
                return null;
            }
        }

        var enumType = Nullable.GetUnderlyingType(type) ?? type;
        if (!enumType.IsEnum)
        {
            return null;
        }

        return property?.CustomConverter is not null
            ? converterMessage
            : $"Must be one of: {string.Join(", ", Enum.GetNames(enumType).Select(n => options.PropertyNamingPolicy?.ConvertName(n) ?? n))}.";
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex Segment();
}
