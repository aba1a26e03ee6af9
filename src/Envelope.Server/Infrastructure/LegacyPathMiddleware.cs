using System.Text.RegularExpressions;

namespace Envelope.Server.Infrastructure;

/// <summary>
/// The deprecated long format <c>/api/v1/organizations/{org}/projects/{project}/…</c> is rewritten to the short path
/// before routing, so both reach the same handlers; the answer carries <c>Deprecation</c> and a <c>Link</c> to the
/// short path.
/// </summary>
internal sealed partial class LegacyPathMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (ToShortPath(context.Request.Path.Value) is { } shortPath)
        {
            context.Request.Path = shortPath;
            context.Response.Headers["Deprecation"] = "true";
            context.Response.Headers.Link = $"<{shortPath}>; rel=\"successor-version\"";
        }

        return next(context);
    }

    public static string? ToShortPath(string? path)
    {
        var match = path is null ? null : LongPath().Match(path);
        if (match is null || !match.Success)
        {
            return null;
        }

        var org = match.Groups["org"].Value;
        var project = match.Groups["project"];
        var target = match.Groups["target"];
        var environment = match.Groups["environment"];
        var rest = match.Groups["rest"].Value;

        if (!project.Success)
        {
            return $"/api/v1/{org}{rest}";
        }

        if (!target.Success)
        {
            // /projects/{p} is the project itself; anything below it drops the "projects" segment.
            return rest.Length == 0 ? $"/api/v1/{org}/projects/{project.Value}" : $"/api/v1/{org}/{project.Value}{rest}";
        }

        if (!environment.Success)
        {
            return rest.Length == 0 ? $"/api/v1/{org}/{project.Value}/targets/{target.Value}" : $"/api/v1/{org}/{project.Value}/{target.Value}{rest}";
        }

        return rest.Length == 0
            ? $"/api/v1/{org}/{project.Value}/{target.Value}/environments/{environment.Value}"
            : $"/api/v1/{org}/{project.Value}/{target.Value}/{environment.Value}{rest}";
    }

    [GeneratedRegex(
        "^/api/v1/organizations/(?<org>[^/]+)(?:/projects/(?<project>[^/]+)(?:/targets/(?<target>[^/]+)(?:/environments/(?<environment>[^/]+))?)?)?(?<rest>/.*)?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex LongPath();
}
