using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Features.Telemetry;

/// <summary>
/// One anonymous usage event from the CLI, e.g.
/// <c>{"event":"command","name":"push","cli_version":"1.2.3","os":"linux","success":true,"duration_ms":120}</c>.
/// Every member is a bounded slug, version or enum, and unknown members are refused, so nothing identifying can ride along.
/// </summary>
public sealed record TelemetryEventRequest(
    [property: Required] TelemetryEventKind? Event,
    [property: Required, StringLength(64, MinimumLength = 1), RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Must be lowercase letters and digits in words joined by single hyphens.")] string? Name,
    [property: Required, StringLength(32, MinimumLength = 5), RegularExpression(@"^[0-9]{1,5}\.[0-9]{1,5}\.[0-9]{1,5}(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$", ErrorMessage = "Must be a version like 1.2.3 or 1.2.3-preview.1.")] string? CliVersion,
    [property: Required] TelemetryOs? Os,
    [property: Required] bool? Success,
    [property: Range(0, 86_400_000)] int? DurationMs = null)
{
    /// <summary>An event is a few dozen bytes; anything near this is not one.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    /// <summary>
    /// Reads the body itself, at most <see cref="MaxBodyBytes"/> of it, so that the endpoint's limit holds before a
    /// byte is parsed, with or without a Content-Length. Failures throw what the API's exception handler already turns
    /// into 413 <c>payload_too_large</c>, 415 and 400 <c>malformed_json</c> naming the member.
    /// </summary>
    public static async ValueTask<TelemetryEventRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("Send the body as application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
        {
            length += read;
        }

        if (length > MaxBodyBytes)
        {
            throw TooLarge();
        }

        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            return JsonSerializer.Deserialize<TelemetryEventRequest>(buffer.AsSpan(0, length), json)
                ?? throw new JsonException("The body is null.");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The request body is not a valid telemetry event.", StatusCodes.Status400BadRequest, e);
        }
    }

    private static BadHttpRequestException TooLarge() =>
        new($"A telemetry event is at most {MaxBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
