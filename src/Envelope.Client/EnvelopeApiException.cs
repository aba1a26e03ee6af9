using System.Net;
using System.Text.Json;

namespace Envelope.Client;

/// <summary>
/// An error answer of the Envelope API: the HTTP status, the API's stable <c>error</c> code (switch on
/// <see cref="ErrorCode"/> and the constants of <see cref="EnvelopeErrorCodes"/>, never on the text), its message and
/// details. An answer that is not an Envelope error at all (an HTML page from a proxy) has the code
/// <see cref="EnvelopeErrorCodes.UnexpectedResponse"/>.
/// </summary>
public sealed class EnvelopeApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoDetails = new Dictionary<string, JsonElement>();

    /// <summary>Creates an exception with a generic message and the <see cref="EnvelopeErrorCodes.UnexpectedResponse"/> code.</summary>
    public EnvelopeApiException()
        : this("The Envelope API answered with an error.")
    {
    }

    /// <summary>Creates an exception with the <see cref="EnvelopeErrorCodes.UnexpectedResponse"/> code.</summary>
    /// <param name="message">The message.</param>
    public EnvelopeApiException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with the <see cref="EnvelopeErrorCodes.UnexpectedResponse"/> code.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EnvelopeApiException(string message, Exception? innerException)
        : this(0, EnvelopeErrorCodes.UnexpectedResponse, message, null, null, innerException)
    {
    }

    /// <summary>Creates an exception for an error answer.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="errorCode">The API's <c>error</c> code.</param>
    /// <param name="message">The API's message.</param>
    /// <param name="details">The API's <c>details</c>, if any.</param>
    /// <param name="retryAfter">The delay the <c>Retry-After</c> header asked for, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public EnvelopeApiException(
        HttpStatusCode statusCode,
        string errorCode,
        string message,
        IReadOnlyDictionary<string, JsonElement>? details = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(errorCode);
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Details = details ?? NoDetails;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status of the answer (0 when there was none).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The API's snake_case <c>error</c> code, such as <see cref="EnvelopeErrorCodes.NotFound"/>.</summary>
    public string ErrorCode { get; }

    /// <summary>The API's <c>details</c> (for example <c>required_ability</c>, or the fields of a validation failure); empty when none.</summary>
    public IReadOnlyDictionary<string, JsonElement> Details { get; }

    /// <summary>How long the server asked to wait before trying again (<c>Retry-After</c>), if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// The messages of every detail that is a list of strings, by field: for <see cref="EnvelopeErrorCodes.ValidationFailed"/>,
    /// the fields that break a rule (such as <c>slug</c> or <c>secrets[0].content</c>).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors =>
        Details.Where(d => d.Value.ValueKind == JsonValueKind.Array && d.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            .ToDictionary(d => d.Key, d => (IReadOnlyList<string>)d.Value.EnumerateArray().Select(e => e.GetString()!).ToList(), StringComparer.Ordinal);
}
