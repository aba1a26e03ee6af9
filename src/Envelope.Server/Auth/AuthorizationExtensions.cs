using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Envelope.Server.Auth;

internal static class AuthorizationExtensions
{
    public static IServiceCollection AddEnvelopeAuth(this IServiceCollection services)
    {
        services.AddAuthentication(CallerSchemes.Envelope)
            // One bearer header, two kinds of token: API tokens (envl_…) and OAuth access tokens from the CLI login;
            // without a header, the web console's session cookie.
            .AddPolicyScheme(CallerSchemes.Envelope, "API token or OAuth access token", options =>
            {
                options.ForwardDefaultSelector = CallerSchemes.Select;
                // Refusals are answered in the API's JSON error contract whichever token was presented.
                options.ForwardChallenge = CallerSchemes.ApiToken;
                options.ForwardForbid = CallerSchemes.ApiToken;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(CallerSchemes.ApiToken, null);

        services.AddMemoryCache();
        services.AddSettings<ApiTokenCacheOptions>();
        services.AddSingleton<ApiTokenCache>();

        // Anything not marked otherwise needs a valid token.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>The endpoint needs <paramref name="ability"/>; without it the caller gets 403 insufficient_permissions.</summary>
    public static TBuilder RequireAbility<TBuilder>(this TBuilder builder, string ability)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .RequireAuthorization(policy => policy.RequireClaim(EnvelopeClaims.Ability, ability))
            .WithMetadata(new RequiredAbility(ability));

    /// <summary>
    /// Scopes a route group to the <c>{org}</c> in its path: another organization's id answers 404, as a missing one would.
    /// </summary>
    public static RouteGroupBuilder RequireOrganizationScope(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(static async (context, next) =>
        {
            var org = context.HttpContext.GetRouteValue("org") as string;
            var caller = Caller.Of(context.HttpContext);
            return string.Equals(org, caller.OrganizationId, StringComparison.OrdinalIgnoreCase)
                ? await next(context)
                : ApiErrors.NotFound("organization");
        });
}
