namespace Envelope.Server.Infrastructure;

internal static class JsonErrorStatusPages
{
    /// <summary>Answers bodiless error statuses (an unknown route, a wrong method) with the JSON error contract.</summary>
    public static IApplicationBuilder UseJsonErrorStatusPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            ApiErrorResult? error = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ApiErrors.NotFound(),
                StatusCodes.Status405MethodNotAllowed => new(405, new("method_not_allowed", $"{http.Request.Method} is not allowed here.")),
                StatusCodes.Status415UnsupportedMediaType => new(415, new("unsupported_media_type", "Send the body as application/json.")),
                StatusCodes.Status400BadRequest => ApiErrors.BadRequest("bad_request", "The request could not be read."),
                StatusCodes.Status401Unauthorized => ApiErrors.Unauthenticated(),
                StatusCodes.Status403Forbidden => ApiErrors.InsufficientPermissions(),
                _ => null,
            };
            return error?.ExecuteAsync(http) ?? Task.CompletedTask;
        });
}
