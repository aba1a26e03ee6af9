using System.Text.Json;

namespace Envelope.Server.Infrastructure;

/// <summary>
/// Writes every problem the framework raises (the validation filter's above all) in the API's error contract, and only
/// that: <c>{error, message, details}</c> as application/json, no RFC 9457 members, so a client reads one shape for
/// every failure. Validation failures become 422 <c>validation_failed</c> with <c>details.{field}</c> in the request's
/// own (snake_case) names.
/// </summary>
internal sealed class ApiErrorProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var result = context.ProblemDetails is HttpValidationProblemDetails validation
            ? ApiErrors.Validation(validation.Errors.ToDictionary(e => FieldName(e.Key), e => e.Value))
            : ForStatus(context.ProblemDetails.Status ?? http.Response.StatusCode);
        return new ValueTask(result.ExecuteAsync(http));
    }

    /// <summary>The contract's answer for a bare status, as <see cref="JsonErrorStatusPages"/> gives it.</summary>
    public static ApiErrorResult ForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => ApiErrors.NotFound(),
        StatusCodes.Status405MethodNotAllowed => new(status, new("method_not_allowed", "This method is not allowed here.")),
        StatusCodes.Status415UnsupportedMediaType => new(status, new("unsupported_media_type", "Send the body as application/json.")),
        StatusCodes.Status401Unauthorized => ApiErrors.Unauthenticated(),
        StatusCodes.Status403Forbidden => ApiErrors.InsufficientPermissions(),
        StatusCodes.Status413PayloadTooLarge => ApiExceptionHandler.PayloadTooLarge(),
        >= 500 => new(StatusCodes.Status500InternalServerError, new("internal_error", "An unexpected error occurred. It has been logged.")),
        _ => ApiErrors.BadRequest("bad_request", "The request could not be read."),
    };

    // "KeyCheckSalt" → "key_check_salt"; "Filters.Names[0]" → "filters.names[0]".
    private static string FieldName(string key) =>
        string.Join('.', key.Split('.').Select(part => JsonNamingPolicy.SnakeCaseLower.ConvertName(part)));
}
