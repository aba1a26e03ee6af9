namespace Envelope.Server.Infrastructure;

/// <summary>The success body: <c>{"data": …, "message"?: …, "meta"?: …}</c>.</summary>
internal sealed record DataResponse<T>(T Data, string? Message = null, object? Meta = null);

internal static class DataResponse
{
    public static DataResponse<T> Of<T>(T data, string? message = null) => new(data, message);
}
