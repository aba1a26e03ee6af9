using System.Net;
using System.Text.Json;
using Envelope.Client;
using Envelope.Crypto;

namespace Envelope.Cli.Output;

/// <summary>Turns exceptions into an exit code and one clear line; switches on error codes, never on text.</summary>
internal static class ErrorReporter
{
    public static bool TryMap(Exception exception, CancellationToken cancellationToken, out CliError error)
    {
        error = exception switch
        {
            CliException e => new CliError(e.ExitCode, e.ErrorCode, e.Message, null),
            EnvelopeApiException e => new CliError(ExitCodeOf(e), e.ErrorCode, Describe(e), (int)e.StatusCode),
            DotEnvFormatException e => new CliError(ExitCodes.Conflict, "invalid_dotenv", e.Message, null),
            EnvelopeBlobBoundElsewhereException e => new CliError(ExitCodes.BlobBoundElsewhere, e.ErrorCode, e.Message, null),
            EnvelopeDecryptionException e => new CliError(ExitCodes.Error, "decryption_failed", e.Message + " Is the client key right?", null),
            HttpRequestException e => new CliError(ExitCodes.Network, "network_error", $"Could not reach the server: {e.Message}", null),
            TimeoutException => new CliError(ExitCodes.Network, "timeout", "The server did not answer in time.", null),
            OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                new CliError(ExitCodes.Network, "timeout", "The server did not answer in time.", null),
            IOException e => new CliError(ExitCodes.Error, "io_error", e.Message, null),
            UnauthorizedAccessException e => new CliError(ExitCodes.Error, "io_error", e.Message, null),
            _ => default,
        };
        return error.Code is not null;
    }

    public static int ExitCodeOf(EnvelopeApiException exception) => exception.ErrorCode switch
    {
        EnvelopeErrorCodes.Unauthenticated => ExitCodes.Unauthenticated,
        EnvelopeErrorCodes.InsufficientPermissions or EnvelopeErrorCodes.HttpsRequired => ExitCodes.Forbidden,
        EnvelopeErrorCodes.NotFound => ExitCodes.NotFound,
        EnvelopeErrorCodes.RateLimited => ExitCodes.RateLimited,
        EnvelopeErrorCodes.BlobBoundElsewhere => ExitCodes.BlobBoundElsewhere,
        EnvelopeErrorCodes.ValidationFailed or EnvelopeErrorCodes.SlugTaken or EnvelopeErrorCodes.InvalidDotEnv
            or EnvelopeErrorCodes.KeyProofMismatch or EnvelopeErrorCodes.KeyProofRequired or EnvelopeErrorCodes.KeyVersionConflict
            or EnvelopeErrorCodes.VersionLocked or EnvelopeErrorCodes.VersionProtected or EnvelopeErrorCodes.VersionDestroyed
            or EnvelopeErrorCodes.RotationInProgress or EnvelopeErrorCodes.PlanLimitReached or EnvelopeErrorCodes.SecretsMismatch
            or EnvelopeErrorCodes.ContentNotDecryptable or EnvelopeErrorCodes.ContentRequiredForOldKey
            or EnvelopeErrorCodes.ClientManagedKey or EnvelopeErrorCodes.ServerManagedKey or EnvelopeErrorCodes.InvalidKeyState
            or EnvelopeErrorCodes.PayloadTooLarge or EnvelopeErrorCodes.KeyUnavailable => ExitCodes.Conflict,
        _ => exception.StatusCode switch
        {
            HttpStatusCode.Unauthorized => ExitCodes.Unauthenticated,
            HttpStatusCode.Forbidden => ExitCodes.Forbidden,
            HttpStatusCode.NotFound => ExitCodes.NotFound,
            HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => ExitCodes.Conflict,
            HttpStatusCode.TooManyRequests => ExitCodes.RateLimited,
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => ExitCodes.Network,
            _ => ExitCodes.Error,
        },
    };

    public static void Write(CliContext context, bool json, string code, string message, int? status = null)
    {
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new ErrorOutput(code, message, status), CliJson.Default.ErrorOutput));
        }

        context.Error.WriteLine($"error: {message}");
    }

    private static string Describe(EnvelopeApiException exception)
    {
        var message = exception.ErrorCode switch
        {
            EnvelopeErrorCodes.Unauthenticated => $"{exception.Message} Log in again with 'envelope login' or check ENVELOPE_TOKEN.",
            EnvelopeErrorCodes.ClientManagedKey => $"{exception.Message} The project is client-managed: set ENVELOPE_KEY or pass --key-file (for a passphrase: ENVELOPE_PASSPHRASE or --passphrase-file).",
            EnvelopeErrorCodes.InsufficientPermissions when exception.Details.TryGetValue("required_ability", out var ability) =>
                $"{exception.Message} (the token needs {ability})",
            _ => exception.Message,
        };
        foreach (var (field, messages) in exception.FieldErrors)
        {
            message += $" {field}: {string.Join(" ", messages)}";
        }

        var retry = exception.RetryAfter is { } after ? $" Retry after {Math.Ceiling(after.TotalSeconds)} s." : "";
        return $"{message}{retry} [{exception.ErrorCode}]";
    }
}

internal readonly record struct CliError(int ExitCode, string Code, string Message, int? Status);
