using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Envelope.Server.Infrastructure;

/// <summary>
/// Turns what escapes a handler into the JSON error contract: bad request bodies into 400/413 naming the field,
/// anything else into a 500 that shows no internals (the details go to the log).
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => PayloadTooLarge(),
            BadHttpRequestException { InnerException: JsonException json } => InvalidEnum(httpContext, json) ?? MalformedJson(json),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
                new ApiErrorResult(StatusCodes.Status415UnsupportedMediaType, new("unsupported_media_type", "Send the body as application/json.")),
            BadHttpRequestException bad => new ApiErrorResult(bad.StatusCode, new("bad_request", "The request could not be read.")),
            // PostgreSQL text cannot hold U+0000: a NUL in any string, even one only looked up, fails there (found by
            // fuzzing). SQLite stores it, so there the same request simply finds nothing.
            Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire } or
                Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire } } or
                InvalidOperationException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire } } =>
                ApiErrors.BadRequest("bad_request", "Text in the request may not contain the character U+0000."),
            // A concurrent request deleted what this one had found (found by fuzzing): as if it had never been there.
            ProjectGoneException => ApiErrors.NotFound("project"),
            AuditUnavailableException => new ApiErrorResult(StatusCodes.Status503ServiceUnavailable,
                new("audit_unavailable", "The audit log cannot be written, so the server refuses changes until it can. Nothing was changed.")),
            Microsoft.EntityFrameworkCore.DbUpdateException update when update.IsForeignKeyViolation() => ApiErrors.NotFound(),
            // The row this request changes or deletes was deleted by another request since it was read (no concurrency
            // tokens are used, so this is the only way to get here).
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => ApiErrors.NotFound(),
            // A form the framework's reader refuses (a key over its length limit, a NUL): found by fuzzing the token endpoint.
            InvalidDataException => ApiErrors.BadRequest("bad_request", "The request body could not be read."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (exception is BadHttpRequestException rejected)
        {
            // The framework's own description (which parameter, which rule), never the request's content.
            LogRejected(logger, rejected.StatusCode, httpContext.Request.Method, httpContext.Request.Path, rejected.Message);
        }

        if (result is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            LogUnhandled(logger, exception.GetType().Name, httpContext.Request.Method, httpContext.Request.Path, exception);
            result = new ApiErrorResult(StatusCodes.Status500InternalServerError, new("internal_error", "An unexpected error occurred. It has been logged."));
        }

        if (!httpContext.Response.HasStarted)
        {
            httpContext.Response.Clear();
            await result.ExecuteAsync(httpContext);
        }

        return true;
    }

    public static ApiErrorResult PayloadTooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, new("payload_too_large", "The request body is larger than this server accepts."));

    /// <summary>
    /// 422 validation_failed naming the field when a body's value is outside an enum's names, as a bad value in a
    /// query string is answered; null for any other binding failure.
    /// </summary>
    private static ApiErrorResult? InvalidEnum(HttpContext httpContext, JsonException json)
    {
        if (JsonField(json.Path) is not { } field
            // The exception handler clears the request's endpoint before it runs; the feature keeps it.
            || httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType is not { } requestType)
        {
            return null;
        }

        var options = httpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return JsonBodyFields.EnumRule(options, requestType, json.Path!, json.Message) is { } rule ? ApiErrors.Validation(field, rule) : null;
    }

    private static ApiErrorResult MalformedJson(JsonException json)
    {
        var field = JsonField(json.Path);
        return field is null
            ? ApiErrors.BadRequest("malformed_json", "The request body is not valid JSON.")
            : new ApiErrorResult(StatusCodes.Status400BadRequest, new(
                "malformed_json",
                $"The request body has a value of the wrong type or shape at '{field}'.",
                new Dictionary<string, object?> { [field] = new[] { "Has the wrong type or shape." } }));
    }

    /// <summary>"$.filters.names[0]" → "filters.names[0]"; "$" alone names no field.</summary>
    private static string? JsonField(string? path) =>
        path is null || path.Length <= 2 ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    [LoggerMessage(LogLevel.Information, "Rejected a bad request ({StatusCode}) for {Method} {Path}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string method, PathString path, string reason);

    [LoggerMessage(LogLevel.Error, "Unhandled {ExceptionType} for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string method, PathString path, Exception exception);
}
