using System.Text.Json;

namespace Envelope.Server.Infrastructure;

/// <summary>
/// The framework's validation writes an RFC 9457 problem; this gives it the API's contract as well:
/// 422 <c>validation_failed</c> with <c>details.{field}</c> in the request's own (snake_case) names.
/// </summary>
internal static class ValidationProblems
{
    public static void ToErrorContract(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is not HttpValidationProblemDetails validation)
        {
            return;
        }

        var details = validation.Errors.ToDictionary(e => FieldName(e.Key), e => e.Value);
        validation.Errors = details;
        validation.Status = StatusCodes.Status422UnprocessableEntity;
        context.HttpContext.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        validation.Extensions["error"] = "validation_failed";
        validation.Extensions["message"] = "The request is invalid: " + string.Join(" ", details.SelectMany(d => d.Value.Select(m => $"{d.Key}: {m}")));
        validation.Extensions["details"] = details;
    }

    // "KeyCheckSalt" → "key_check_salt"; "Filters.Names[0]" → "filters.names[0]".
    private static string FieldName(string key) =>
        string.Join('.', key.Split('.').Select(part => JsonNamingPolicy.SnakeCaseLower.ConvertName(part)));
}
