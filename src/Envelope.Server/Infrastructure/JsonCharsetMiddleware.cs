using System.Text;
using Microsoft.Net.Http.Headers;

namespace Envelope.Server.Infrastructure;

/// <summary>
/// JSON is UTF-8 (RFC 8259). A body that names another charset, or one .NET does not know, is refused with 415
/// before any endpoint tries to decode it (the framework would throw on an unknown charset: a 500 found by fuzzing).
/// </summary>
internal sealed class JsonCharsetMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType is { } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Charset.HasValue
            && !IsUtf8(mediaType.Charset.Value))
        {
            return new ApiErrorResult(StatusCodes.Status415UnsupportedMediaType,
                new("unsupported_media_type", "Request bodies must be UTF-8 (charset=utf-8, or no charset).")).ExecuteAsync(context);
        }

        return next(context);
    }

    private static bool IsUtf8(string? charset)
    {
        try
        {
            return charset is not null && Encoding.GetEncoding(charset.Trim('"')).CodePage == Encoding.UTF8.CodePage;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
