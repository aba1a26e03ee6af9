using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Envelope.Server.Features.OAuth;

/// <summary>
/// The specification's token requests are JSON; OAuth (and OpenIddict) read form bodies. A JSON object of strings,
/// numbers and booleans posted to the token or revocation endpoint is re-encoded as the equivalent form before OpenIddict reads it.
/// </summary>
internal sealed class JsonTokenRequestMiddleware(RequestDelegate next)
{
    private const int MaxBodyBytes = 16 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || (context.Request.Path != "/api/oauth/token" && context.Request.Path != "/api/oauth/revoke")
            || context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context);
            return;
        }

        var form = await ToFormAsync(context.Request.Body, context.RequestAborted);
        if (form is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                ["error"] = "invalid_request",
                ["error_description"] = "The body must be a JSON object of strings, or a form.",
            }, context.RequestAborted);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(form);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/x-www-form-urlencoded";
        await next(context);
    }

    private static async Task<string?> ToFormAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(buffer.ToArray());
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var pairs = new List<string>();
            foreach (var property in json.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => null,
                    _ => throw new JsonException("Nested values are not OAuth parameters."),
                };
                if (value is not null)
                {
                    pairs.Add(string.Create(CultureInfo.InvariantCulture, $"{Uri.EscapeDataString(property.Name)}={Uri.EscapeDataString(value)}"));
                }
            }

            return string.Join('&', pairs);
        }
        // Invalid UTF-8 or a lone surrogate inside a string makes GetString throw InvalidOperationException.
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
