using Envelope.Server.Auth;
using Envelope.Server.Data;
using Envelope.Server.Features.Audit;
using Envelope.Server.Features.Console;
using Envelope.Server.Features.EncryptionKeys;
using Envelope.Server.Features.Environments;
using Envelope.Server.Features.Identity;
using Envelope.Server.Features.OAuth;
using Envelope.Server.Features.Organizations;
using Envelope.Server.Features.Projects;
using Envelope.Server.Features.Recovery;
using Envelope.Server.Features.Secrets;
using Envelope.Server.Features.Sessions;
using Envelope.Server.Features.Targets;
using Envelope.Server.Features.Telemetry;
using Envelope.Server.Features.Tokens;
using Envelope.Server.Features.Users;
using Envelope.Server.Features.Versions;
using Envelope.Server.Keys;
using Envelope.Server.OpenApi;
using Envelope.Server.Operations;
using Envelope.Server.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

if (OperatorCommands.IsOperatorCommand(args))
{
    return await OperatorCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

// The layers every feature stands on (docs/architecture.md); start-up tasks run in this order.
builder.Services.AddEnvelopeKeys();
builder.Services.AddEnvelopeData(builder.Configuration);
builder.Services.AddEnvelopeApi(builder.Configuration);
builder.Services.AddEnvelopeOpenApi();
builder.Services.AddEnvelopeAuth();
builder.Services.AddEnvelopeRateLimiting(builder.Configuration);

// The features.
builder.Services.AddEnvelopeAudit();
builder.Services.AddOrganizations();
builder.Services.AddUsers();
builder.Services.AddEnvelopeSecrets();
builder.Services.AddEncryptionKeys();
builder.Services.AddRecovery();
builder.Services.AddEnvelopeOAuth();
builder.Services.AddEnvelopeConsole();

var app = builder.Build();
if (SettingFailures(app.Services) is { Count: > 0 } failures)
{
    // A wrong setting is the operator's to fix: say which, once, before the host would log it with a stack trace.
    await Console.Error.WriteLineAsync($"Envelope cannot start: {string.Join(" ", failures)}");
    return 2;
}

try
{
    // Loaded before the pipeline is built: antiforgery reaches Data Protection, whose key ring is sealed by the master key,
    // and a refusal must be one line, not the host's stack trace.
    _ = app.Services.GetRequiredService<MasterKey>();
}
catch (Exception refused) when (Refusal(refused) is { } reason)
{
    await Console.Error.WriteLineAsync($"Envelope cannot start: {reason}");
    return 2;
}

app.UseExceptionHandler();
app.UseJsonErrorStatusPages();
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseMiddleware<HttpsRequirementMiddleware>();
app.UseHttpLogging();
app.UseMiddleware<RequestBodyLimitMiddleware>();
app.UseMiddleware<JsonCharsetMiddleware>();
app.UseMiddleware<LegacyPathMiddleware>();
app.UseConsoleAssets();
// Routing runs after the legacy rewrite, so long paths reach the same endpoints as short ones.
app.UseRouting();
// The OAuth server answers its token endpoint inside UseAuthentication, so per-address endpoint limits come first.
app.UseEndpointRateLimits();
app.UseMiddleware<JsonTokenRequestMiddleware>();
app.UseAuthentication();
app.UseMiddleware<ConsoleCsrfMiddleware>();
app.UseCallerRateLimits();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
if (app.Configuration.GetValue<bool>("ENVELOPE_API_EXPLORER"))
{
    app.MapScalarApiReference().AllowAnonymous();
}

app.MapOAuthEndpoints();
app.MapConsoleEndpoints();

var api = app.MapGroup("/api/v1");
api.MapIdentityEndpoints();
api.MapUsersEndpoints();
api.MapMySessionsEndpoints();
api.MapTelemetryEndpoints();

var organization = api.MapGroup("/{org}").RequireOrganizationScope();
organization.MapOrganizationInfoEndpoint();
organization.MapProjectsEndpoints();
organization.MapTargetsEndpoints();
organization.MapEnvironmentsEndpoints();
organization.MapTokensEndpoints();
organization.MapSecretsEndpoints();
organization.MapVersionsEndpoints();
organization.MapEncryptionKeyEndpoints();
organization.MapClientKeyRotationEndpoints();
organization.MapAuditEndpoints();
organization.MapDeletedEndpoints();
organization.MapOrganizationSettingsEndpoint();
organization.MapMemberSessionsEndpoints();

try
{
    await app.RunAsync();
}
catch (Exception refused) when (Refusal(refused) is { } reason)
{
    await Console.Error.WriteLineAsync($"Envelope cannot start: {reason}");
    return 2;
}

return 0;

// A start-up task's refusal, however the host wrapped it.
static string? Refusal(Exception e) => e switch
{
    StartupRefusedException refused => refused.Message,
    AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => Refusal(aggregate.InnerExceptions[0]),
    _ => null,
};

// What the host would refuse to start with: every setting's failures, checked as the host will check them.
static List<string> SettingFailures(IServiceProvider services)
{
    try
    {
        services.GetService<IStartupValidator>()?.Validate();
        return [];
    }
    catch (OptionsValidationException invalid)
    {
        return [.. invalid.Failures];
    }
    catch (AggregateException aggregate) when (aggregate.InnerExceptions.All(inner => inner is OptionsValidationException))
    {
        return [.. aggregate.InnerExceptions.SelectMany(inner => ((OptionsValidationException)inner).Failures)];
    }
}

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
