using System.Globalization;

namespace Envelope.Load;

/// <summary>The table: requests/s and latency per scenario, and each Envelope endpoint's ratio to its baseline.</summary>
internal static class Report
{
    public static void Print(TextWriter output, LoadOptions options, string engine, BodySizes sizes, string loadBefore, string loadAfter, IReadOnlyList<Measurement> measurements)
    {
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"Machine: {MachineInfo.Describe()}");
        output.WriteLine(string.Create(invariant,
            $"wrk -t{options.Threads} -c{options.Connections} -d{options.Duration.TotalSeconds:0}s after {options.Warmup.TotalSeconds:0} s of warm-up per scenario; 127.0.0.1; server on {engine}; request log {(options.RequestLogging ? "on" : "off")}"));
        output.WriteLine(string.Create(invariant,
            $"Bodies: merged read {sizes.MergedRead} B ({sizes.Variables} variables) vs baseline GET {sizes.BaselineRead} B; store request {sizes.StoreRequest} B to both"));
        output.WriteLine($"Load average (1/5/15 min): {loadBefore} before, {loadAfter} after");
        output.WriteLine();
        output.WriteLine(string.Create(invariant, $"{"scenario",-27} {"req/s",10} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"ratio",6} {"target",7}  result"));
        foreach (var measurement in measurements)
        {
            output.WriteLine(Row(measurement, measurements));
        }

        foreach (var measurement in measurements.Where(m => m.Note is not null || m.Errors.Count > 0))
        {
            output.WriteLine();
            if (measurement.Note is not null)
            {
                output.WriteLine($"{measurement.Scenario.Name}: {measurement.Note}");
            }

            foreach (var error in measurement.Errors)
            {
                output.WriteLine($"{measurement.Scenario.Name}: ERROR {error}");
            }
        }

        output.WriteLine();
        output.WriteLine(measurements.Any(m => m.Failed)
            ? "A measurement had errors: its figures are not valid (exit code 1)."
            : "Every request counted answered 2xx.");
    }

    private static string Row(Measurement measurement, IReadOnlyList<Measurement> all)
    {
        var scenario = measurement.Scenario;
        var result = measurement.Result;
        var baseline = scenario.Baseline is null ? null : all.FirstOrDefault(m => m.Scenario == scenario.Baseline);
        var ratio = result is not null && baseline?.Result is { RequestsPerSecond: > 0 } b ? result.RequestsPerSecond / b.RequestsPerSecond : (double?)null;
        var verdict = measurement.Failed || (scenario.Target is not null && (baseline is null || baseline.Failed))
            ? "ERROR"
            : scenario.Target is not { } target ? string.Empty
            : ratio >= target ? "met" : "MISSED";

        return string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name,-27} {result?.RequestsPerSecond,10:0.0} {result?.P50Milliseconds,8:0.00} {result?.P90Milliseconds,8:0.00} {result?.P99Milliseconds,8:0.00} {ratio,6:0.000} {(scenario.Target is { } t ? $">={t:0.00}" : string.Empty),7}  {verdict}");
    }
}
