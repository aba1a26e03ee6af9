using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Envelope.Server.Data.Entities;
using Envelope.Server.Tests.Features.OAuth;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation.AspNetCore;

namespace Envelope.Server.Tests.Auth;

/// <summary>
/// OpenIddict's server and validation handlers see only the requests that are theirs (a cost on every API request
/// otherwise), and the OAuth flow and OAuth-authenticated API calls work as before.
/// </summary>
public sealed class OAuthRequestHandlerFilterTests : IClassFixture<OAuthRequestHandlerFilterTests.RecordingApplication>
{
    private readonly RecordingApplication _app;

    public OAuthRequestHandlerFilterTests(RecordingApplication app) => _app = app;

    [Fact]
    public async Task An_api_token_request_never_reaches_OpenIddict()
    {
        var org = await _app.App.CreateOrganizationAsync();
        var response = await org.Owner.GetAsync($"/api/v1/{org.Id}/projects?probe=api-token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Reached.None, _app.Seen["api-token"]);
    }

    [Fact]
    public async Task The_token_endpoint_reaches_the_server_and_an_access_token_reaches_validation()
    {
        var (email, organizationId) = await OAuthFlow.CreateUserAsync(_app.App, MembershipRole.Member);
        var flow = new OAuthFlow(_app.App);
        var code = await flow.AuthorizeAsync(email, organizationId);
        var (status, tokens) = await flow.ExchangeAsync(code);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Reached.Server, _app.Seen["/api/oauth/token"]);

        var api = _app.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["access_token"]!.GetValue<string>());
        var response = await api.GetAsync($"/api/v1/{organizationId}/projects?probe=oauth");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Reached.Validation, _app.Seen["oauth"]);
    }

    [Fact]
    public async Task A_forged_access_token_is_still_refused_by_validation()
    {
        var api = _app.App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.forged-signature");

        await JsonApi.AssertErrorAsync(await api.GetAsync("/api/v1/me?probe=forged"), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(Reached.Validation, _app.Seen["forged"]);
    }

    [Flags]
    public enum Reached
    {
        None = 0,
        Server = 1,
        Validation = 2,
    }

    /// <summary>The real server, with an outermost middleware noting which OpenIddict transactions each request carried.</summary>
    public sealed class RecordingApplication : IAsyncLifetime
    {
        public EnvelopeApplication App { get; } = new();

        /// <summary>By the request's <c>probe</c> query value, or its path when it has none.</summary>
        public ConcurrentDictionary<string, Reached> Seen { get; } = new();

        public async Task InitializeAsync()
        {
            App.ServiceOverrides.Add(services => services.AddSingleton<IStartupFilter>(new Recorder(this)));
            await ((IAsyncLifetime)App).InitializeAsync();
        }

        public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();

        private sealed class Recorder(RecordingApplication owner) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((HttpContext context, RequestDelegate rest) =>
                {
                    // Noted as the response starts, so before the test client can read it.
                    context.Response.OnStarting(() =>
                    {
                        var reached = (context.Features.Get<OpenIddictServerAspNetCoreFeature>() is null ? Reached.None : Reached.Server)
                            | (context.Features.Get<OpenIddictValidationAspNetCoreFeature>() is null ? Reached.None : Reached.Validation);
                        owner.Seen[context.Request.Query["probe"] is [{ } probe] ? probe : context.Request.Path.Value!] = reached;
                        return Task.CompletedTask;
                    });
                    return rest(context);
                });
                next(app);
            };
        }
    }
}
