using Envelope.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Validation.AspNetCore;

namespace Envelope.Server.Auth;

public static class AuthorizationExtensions
{
    public const string EnvelopeScheme = "Envelope";

    public static IServiceCollection AddEnvelopeAuth(this IServiceCollection services)
    {
        services.AddAuthentication(EnvelopeScheme)
            // One bearer header, two kinds of token: API tokens (envl_…) and OAuth access tokens from the CLI login;
            // without a header, the web console's session cookie.
            .AddPolicyScheme(EnvelopeScheme, "API token or OAuth access token", options =>
            {
                options.ForwardDefaultSelector = CallerScheme;
                // Refusals are answered in the API's JSON error contract whichever token was presented.
                options.ForwardChallenge = ApiTokenAuthenticationHandler.SchemeName;
                options.ForwardForbid = ApiTokenAuthenticationHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        // OpenIddict's handlers would otherwise inspect every request the authentication middleware sees.
        services.AddScoped<AuthenticationHandlerProvider>();
        services.Replace(ServiceDescriptor.Scoped<IAuthenticationHandlerProvider, OAuthRequestHandlerFilter>());

        services.AddMemoryCache();
        services.AddOptions<ApiTokenCacheOptions>().BindConfiguration(string.Empty).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiTokenCache>();

        // Anything not marked otherwise needs a valid token.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>The scheme that authenticates this request's caller.</summary>
    public static string CallerScheme(HttpContext context) =>
        Features.Console.ConsoleSession.IsConsoleApiRequest(context) ? Features.Console.ConsoleSession.ApiScheme
        : context.Request.Headers.Authorization is [{ } header]
        && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && !header["Bearer ".Length..].TrimStart().StartsWith(ApiTokenSecret.Prefix, StringComparison.Ordinal)
        && header.Length > "Bearer ".Length + 20
            ? OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
            : ApiTokenAuthenticationHandler.SchemeName;

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
