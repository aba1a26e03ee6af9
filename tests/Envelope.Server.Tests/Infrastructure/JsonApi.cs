using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Envelope.Server.Tests.Infrastructure;

public static class JsonApi
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        // Errors included: the framework's problem+json writer is replaced (docs/api.md, "Bodies").
        Assert.True(response.Content.Headers.ContentType?.MediaType is "application/json", $"{(int)response.StatusCode}: not application/json: {text}");
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("null body");
    }

    /// <summary>Asserts the status and the error code of a failed request, and that the body follows the error contract.</summary>
    public static async Task<JsonNode> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await ReadAsync(response);
        Assert.True(status == response.StatusCode, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body.ToJsonString()}");
        Assert.Equal(code, body["error"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["message"]?.GetValue<string>()));
        return body;
    }

    public static object Merge(object body, object? extra)
    {
        var node = JsonSerializer.SerializeToNode(body, Options)!.AsObject();
        if (extra is not null)
        {
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra, Options)!.AsObject())
            {
                node[key] = value?.DeepClone();
            }
        }

        return node;
    }
}
