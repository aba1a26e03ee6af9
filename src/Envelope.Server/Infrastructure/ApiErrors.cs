namespace Envelope.Server.Infrastructure;

/// <summary>The errors the API answers with. Every code here is listed in docs/api.md.</summary>
internal static class ApiErrors
{
    public static ApiErrorResult NotFound(string what = "resource") =>
        new(StatusCodes.Status404NotFound, new("not_found", $"The {what} does not exist or is not visible to this token."));

    public static ApiErrorResult Unauthenticated() =>
        new(StatusCodes.Status401Unauthorized, new("unauthenticated", "A valid bearer token is required."));

    public static ApiErrorResult InsufficientPermissions(string? ability = null) =>
        new(StatusCodes.Status403Forbidden, new(
            "insufficient_permissions",
            ability is null ? "The token lacks the permission this request needs." : $"The token lacks the {ability} ability.",
            ability is null ? null : new Dictionary<string, object?> { ["required_ability"] = ability }));

    public static ApiErrorResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ApiErrorResult Validation(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status422UnprocessableEntity, new(
            "validation_failed",
            "The request is invalid: " + string.Join(" ", errors.SelectMany(e => e.Value)),
            errors.ToDictionary(e => e.Key, e => (object?)e.Value)));

    public static ApiErrorResult Conflict(string code, string message) =>
        new(StatusCodes.Status409Conflict, new(code, message));

    public static ApiErrorResult Unprocessable(string code, string message, IReadOnlyDictionary<string, object?>? details = null) =>
        new(StatusCodes.Status422UnprocessableEntity, new(code, message, details));

    public static ApiErrorResult Forbidden(string code, string message, IReadOnlyDictionary<string, object?>? details = null) =>
        new(StatusCodes.Status403Forbidden, new(code, message, details));

    public static ApiErrorResult BadRequest(string code, string message, IReadOnlyDictionary<string, object?>? details = null) =>
        new(StatusCodes.Status400BadRequest, new(code, message, details));

    public static ApiErrorResult Busy(int retryAfterSeconds) =>
        new(StatusCodes.Status503ServiceUnavailable, new("server_busy", $"The server is checking too many passwords at once. Retry in {retryAfterSeconds} s.",
            new Dictionary<string, object?> { ["retry_after"] = retryAfterSeconds }))
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
}
