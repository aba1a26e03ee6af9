using Envelope.Server.Data;
using Envelope.Server.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Envelope.Server.Features.OAuth;

internal static class OAuthServiceExtensions
{
    public const string LoginCookieScheme = "EnvelopeLogin";
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>
    /// OpenIddict as the OAuth 2.1 server (authorization code + PKCE S256, rolling refresh tokens with reuse
    /// detection) and as the validator of its own access tokens, with keys derived from the master key so every node
    /// issues and accepts the same tokens.
    /// </summary>
    private static System.Security.Cryptography.ECDsa DerivedEcdsa(MasterKey masterKey) =>
        System.Security.Cryptography.ECDsa.Create(new System.Security.Cryptography.ECParameters
        {
            Curve = System.Security.Cryptography.ECCurve.NamedCurves.nistP256,
            D = masterKey.DeriveKey("oauth-ecdsa"),
        });

    public static IServiceCollection AddEnvelopeOAuth(this IServiceCollection services)
    {
        services.AddOpenIddict()
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<EnvelopeDbContext>();
                options.ReplaceApplicationManager(typeof(LoopbackRedirectApplicationManager<>));
            })
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("/api/oauth/authorize").SetTokenEndpointUris("/api/oauth/token")
                    // RFC 7009, answered by OpenIddict itself (no passthrough): `envelope logout` ends the login here.
                    .SetRevocationEndpointUris("/api/oauth/revoke");
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                options.RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OfflineAccess);
                options.SetAccessTokenLifetime(AccessTokenLifetime)
                    .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2))
                    .SetRefreshTokenLifetime(TimeSpan.FromDays(30))
                    // No grace period: a refresh token presented twice revokes everything issued from that login.
                    .SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    // Authorization errors reach our endpoint, which shows them as a page (OpenIddict's own is text/plain).
                    .EnableErrorPassthrough()
                    // Envelope enforces HTTPS itself (loopback and trusted proxies excepted).
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                // One lookup of the token's row per request, so that a revoked access token (logout) is refused at
                // once rather than living out its 15 minutes; only OAuth callers (people) pay it, not API tokens.
                options.EnableTokenEntryValidation();
                options.UseAspNetCore();
            });

        services.AddOptions<OpenIddictServerOptions>().Configure<MasterKey, TimeProvider>((options, masterKey, time) =>
        {
            options.SigningCredentials.Add(new SigningCredentials(new SymmetricSecurityKey(masterKey.DeriveKey("oauth-signing")), SecurityAlgorithms.HmacSha256));
            // OpenIddict insists on one asymmetric key as well; derived from the master key too, so all nodes agree.
            options.SigningCredentials.Add(new SigningCredentials(new ECDsaSecurityKey(DerivedEcdsa(masterKey)), SecurityAlgorithms.EcdsaSha256));
            options.EncryptionCredentials.Add(new EncryptingCredentials(
                new SymmetricSecurityKey(masterKey.DeriveKey("oauth-encryption")), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
            options.TimeProvider = time;
            // S256 only: "plain" would put the verifier itself in the browser's address bar.
            options.CodeChallengeMethods.Clear();
            options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
        });
        services.AddOptions<OpenIddictValidationOptions>().Configure<TimeProvider>((options, time) => options.TimeProvider = time);

        // The browser side of the login: a short-lived cookie between the sign-in form and the consent page.
        services.AddAuthentication().AddCookie(LoginCookieScheme, options =>
        {
            options.Cookie.Name = "envelope_login";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(10);
            options.SlidingExpiration = false;
            options.LoginPath = "/api/oauth/login";
        });
        services.AddAntiforgery(options => options.Cookie.Name = "envelope_csrf");
        services.AddHostedService<OAuthClientRegistration>();
        services.AddScoped<SignInHandler>();

        // OpenIddict's handlers would otherwise inspect every request the authentication middleware sees.
        services.AddScoped<AuthenticationHandlerProvider>();
        services.Replace(ServiceDescriptor.Scoped<IAuthenticationHandlerProvider, OAuthRequestHandlerFilter>());
        return services;
    }
}
