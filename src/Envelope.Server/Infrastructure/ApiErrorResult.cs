using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Envelope.Server.Infrastructure;

/// <summary>An <see cref="ApiError"/> with its status code, usable in <c>Results&lt;…&gt;</c> unions.</summary>
internal sealed class ApiErrorResult(int statusCode, ApiError error) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ApiError>, IEndpointMetadataProvider
{
    public int StatusCode { get; } = statusCode;
    public ApiError Value { get; } = error;
    int? IStatusCodeHttpResult.StatusCode => StatusCode;
    object? IValueHttpResult.Value => Value;

    /// <summary>Extra response headers, such as <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            httpContext.Response.Headers[name] = value;
        }

        return TypedResults.Json(Value, statusCode: StatusCode).ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ApiError), ["application/json"]));
}
