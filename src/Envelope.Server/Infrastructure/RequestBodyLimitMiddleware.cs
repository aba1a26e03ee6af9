using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Envelope.Server.Infrastructure;

/// <summary>Applies <see cref="HttpLimitsOptions.MaxRequestBodyBytes"/> on every host, with a JSON 413.</summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<HttpLimitsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return ApiExceptionHandler.PayloadTooLarge().ExecuteAsync(context);
        }

        // Kestrel enforces this on bodies without a Content-Length too; the exception handler answers its 413.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
