using System.Security.Cryptography;
using Envelope.Crypto;

namespace Envelope.Client.Internal;

internal static class ConfigurationFailures
{
    /// <summary>The failures a load can meet in the field; anything else is a bug and propagates as it is.</summary>
    public static bool IsExpected(Exception e) => e is EnvelopeApiException or HttpRequestException or TimeoutException or TaskCanceledException
        or EnvelopeDecryptionException or EnvelopeBlobBoundElsewhereException or DotEnvFormatException or CryptographicException or InvalidOperationException or ArgumentException;

    /// <summary>One line saying what failed. The client's messages carry no token, key or value, so they can be quoted.</summary>
    public static string Describe(Exception e) => e switch
    {
        EnvelopeApiException api => $"{(int)api.StatusCode} {api.ErrorCode}: {api.Message}",
        HttpRequestException http => $"the server could not be reached ({http.Message})",
        TaskCanceledException => "the request timed out",
        _ => e.Message,
    };
}
