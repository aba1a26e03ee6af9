using System.Text.Json;

namespace Envelope.Server.Infrastructure;

/// <summary>
/// The switches of a destructive request (<c>permanent</c>, <c>confirm</c>, <c>force</c>). They are documented as query
/// parameters, and the secrets delete takes its own (<c>no_backup</c>, <c>confirmed</c>) in a JSON body, so clients send
/// them either way: both are read, and a switch given both ways must agree.
/// </summary>
internal sealed record DestructiveOptions(bool? Permanent = null, string? Confirm = null, bool? Force = null)
{
    /// <summary>
    /// <paramref name="query"/> (what the query string bound) completed from the request's JSON body, if it has one;
    /// the body may hold only the members named in <paramref name="accepted"/>.
    /// </summary>
    public static async Task<(DestructiveOptions Options, ApiErrorResult? Error)> ReadAsync(
        HttpRequest request, DestructiveOptions query, IReadOnlyCollection<string> accepted, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType() || request.ContentLength == 0)
        {
            return (query, null);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return (query, ApiErrors.BadRequest("malformed_json", "The request body is not valid JSON."));
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, query, accepted);
            }
            catch (InvalidOperationException)
            {
                // The reader lets an encoded surrogate through; it only fails when a name or string is decoded.
                return (query, ApiErrors.BadRequest("malformed_json", "The request body is not valid UTF-8 JSON."));
            }
        }
    }

    private static (DestructiveOptions Options, ApiErrorResult? Error) Read(
        JsonElement body, DestructiveOptions query, IReadOnlyCollection<string> accepted)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (query, ApiErrors.BadRequest("malformed_json", "The request body must be a JSON object."));
        }

        var errors = new Dictionary<string, string[]>();
        var options = query;
        foreach (var member in body.EnumerateObject())
        {
            if (!accepted.Contains(member.Name))
            {
                errors[member.Name] = [$"Is not a field of this request (it takes {string.Join(", ", accepted)})."];
                continue;
            }

            options = member.Name switch
            {
                "permanent" => options with { Permanent = Agreeing(query.Permanent, Flag(member, errors), member.Name, errors) },
                "force" => options with { Force = Agreeing(query.Force, Flag(member, errors), member.Name, errors) },
                _ => options with { Confirm = Agreeing(query.Confirm, Text(member, errors), member.Name, errors) },
            };
        }

        return errors.Count == 0 ? (options, null) : (query, ApiErrors.Validation(errors));
    }

    private static bool? Flag(JsonProperty member, Dictionary<string, string[]> errors)
    {
        switch (member.Value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Null:
                return null;
            default:
                errors[member.Name] = ["Must be true or false."];
                return null;
        }
    }

    private static string? Text(JsonProperty member, Dictionary<string, string[]> errors)
    {
        if (member.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
        {
            return member.Value.GetString();
        }

        errors[member.Name] = ["Must be a string."];
        return null;
    }

    private static T? Agreeing<T>(T? fromQuery, T? fromBody, string name, Dictionary<string, string[]> errors)
    {
        if (fromQuery is not null && fromBody is not null && !EqualityComparer<T>.Default.Equals(fromQuery, fromBody))
        {
            errors[name] = ["The query string and the body disagree."];
        }

        return fromQuery ?? fromBody;
    }
}
