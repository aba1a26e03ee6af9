namespace Envelope.Server.OpenApi;

internal static class ErrorCodes
{
    public static IEnumerable<string> For(string? ability, bool anonymous)
    {
        if (!anonymous)
        {
            yield return "unauthenticated";
            yield return "https_required";
        }

        if (ability is not null)
        {
            yield return "insufficient_permissions";
        }

        yield return "not_found";
        yield return "rate_limited";
        yield return "validation_failed";
        yield return "malformed_json";
        yield return "payload_too_large";
    }
}
