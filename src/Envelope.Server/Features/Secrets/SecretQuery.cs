namespace Envelope.Server.Features.Secrets;

/// <summary>The hierarchical read's query: <c>decrypt</c>, <c>merge</c> (false | true | both) and <c>raw</c>.</summary>
internal sealed record SecretQuery(bool Decrypt, MergeMode Merge, bool Raw, ApiErrorResult? Error)
{
    public static ValueTask<SecretQuery> BindAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var decrypt = ParseBool(query["decrypt"], "decrypt", errors);
        var raw = ParseBool(query["raw"], "raw", errors);
        if (!MergeModes.TryParse(query["merge"], out var merge))
        {
            errors["merge"] = ["Must be false, true or both."];
        }

        return ValueTask.FromResult(new SecretQuery(decrypt, merge, raw, errors.Count == 0 ? null : ApiErrors.Validation(errors)));
    }

    private static bool ParseBool(string? value, string name, Dictionary<string, string[]> errors)
    {
        switch (value?.ToLowerInvariant())
        {
            case null or "" or "false" or "0":
                return false;
            case "true" or "1":
                return true;
            default:
                errors[name] = ["Must be true or false."];
                return false;
        }
    }
}
