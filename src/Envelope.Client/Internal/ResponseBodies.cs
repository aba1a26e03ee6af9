using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Envelope.Client.Internal;

/// <summary>Reads answers: JSON success bodies, text bodies, and error bodies whether or not they follow the contract.</summary>
internal static class ResponseBodies
{
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (!IsJson(response.Content.Headers.ContentType?.MediaType))
        {
            throw Unexpected(response, "a JSON body");
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
                    ?? throw Unexpected(response, "a JSON object");
            }
        }
        catch (JsonException e)
        {
            // The exception's message may quote the body; only its position is kept.
            throw new EnvelopeApiException(response.StatusCode, EnvelopeErrorCodes.UnexpectedResponse,
                $"The server's answer to {Describe(response)} is not the JSON this client expects (at {e.Path ?? "$"}).");
        }
    }

    public static async Task<string> ReadTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // A raw read of a client-managed project answers its ciphertext levels as JSON: there is no plaintext to give.
        if (response.IsSuccessStatusCode && IsJson(response.Content.Headers.ContentType?.MediaType))
        {
            throw SecretsReads.NotDecrypted();
        }

        if (response.Content.Headers.ContentType?.MediaType is not "text/plain")
        {
            throw Unexpected(response, "a text/plain body");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<EnvelopeApiException> ReadErrorAsync(HttpResponseMessage response, Uri server, CancellationToken cancellationToken)
    {
        var retryAfter = RetryPolicy.RetryAfterOf(response);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (IsJson(mediaType))
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            ErrorBody? error = null;
            try
            {
                error = JsonSerializer.Deserialize(body, EnvelopeJsonContext.Default.ErrorBody);
            }
            catch (JsonException)
            {
                // Not the error contract: reported below by status and content type.
            }

            if (error is { Error: { Length: > 0 } code })
            {
                return new EnvelopeApiException(response.StatusCode, code, error.Message ?? $"The server answered {Describe(response)}.", error.Details, retryAfter);
            }
        }

        var status = (int)response.StatusCode;
        return new EnvelopeApiException(response.StatusCode, EnvelopeErrorCodes.UnexpectedResponse,
            $"The server answered {Describe(response)} with {(mediaType is null ? "no body" : $"a {mediaType} body")} instead of an Envelope error. "
            + $"Check that {server} is an Envelope server{(status is 502 or 503 or 504 ? " and that it is running" : "")}.",
            details: null, retryAfter);
    }

    private static EnvelopeApiException Unexpected(HttpResponseMessage response, string expected) =>
        new(response.StatusCode, EnvelopeErrorCodes.UnexpectedResponse,
            $"The server answered {Describe(response)} with {response.Content.Headers.ContentType?.MediaType ?? "no content type"} instead of {expected}. Check the server address.");

    private static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {(string.IsNullOrEmpty(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase)}"
        + (response.RequestMessage is { } request ? $" to {request.Method} {request.RequestUri?.AbsolutePath}" : "");

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
