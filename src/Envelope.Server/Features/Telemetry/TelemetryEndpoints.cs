using Envelope.Server.Auth;
using Envelope.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Envelope.Server.Features.Telemetry;

/// <summary>
/// Anonymous usage events from the CLI, stored only as daily counts: no address, token or identifier is kept. Budgeted
/// at 60 a minute per client address by the rate limiter.
/// </summary>
internal static class TelemetryEndpoints
{
    public const int MaxSummaryDays = 366;

    public static IEndpointRouteBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/telemetry").WithTags("Telemetry");
        group.MapPost("/", RecordEvent).AllowAnonymous()
            .AddOpenApiOperationTransformer(DescribeBody)
            .WithName("RecordTelemetryEvent").WithSummary("Count one anonymous CLI usage event (at most 4 KiB)");
        group.MapGet("/summary", GetSummary)
            .WithName("GetTelemetrySummary").WithSummary("Daily event counts of the last `days` days (owner tokens only)");
        return api;
    }

    // The event binds itself (to bound its size), so the document learns its shape here. Accepts<T>() would say the
    // same, but routing would then answer other content types itself, behind the authorization fallback (401).
    private static async Task DescribeBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(TelemetryEventRequest), null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }

    public static async Task<Accepted> RecordEvent(
        TelemetryEventRequest request, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        await TelemetryCounter.RecordAsync(db, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), request, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<Ok<DataResponse<List<TelemetrySummaryRow>>>, ApiErrorResult>> GetSummary(
        int? days, Caller caller, PageRequest page, EnvelopeDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!caller.IsOwner)
        {
            return ApiErrors.Forbidden("insufficient_permissions", "Only an organization owner's token may read telemetry.");
        }

        var span = Math.Clamp(days ?? 30, 1, MaxSummaryDays);
        var since = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1 - span);
        var rows = db.TelemetryCounts.AsNoTracking()
            .Where(c => c.Day >= since)
            .OrderByDescending(c => c.Day).ThenByDescending(c => c.Count)
            .ThenBy(c => c.Event).ThenBy(c => c.Name).ThenBy(c => c.CliVersion).ThenBy(c => c.Os).ThenBy(c => c.Success);
        return TypedResults.Ok(await page.ToPageAsync(rows, c => new TelemetrySummaryRow(
            c.Day, c.Event, c.Name, c.CliVersion, c.Os, c.Success, c.Count, c.TimedCount == 0 ? null : c.TotalDurationMs / c.TimedCount), cancellationToken));
    }
}
