using System.Globalization;
using System.Text.RegularExpressions;

namespace Envelope.Load;

/// <summary>What wrk printed: throughput, latency percentiles, and every kind of failed request it counts.</summary>
internal sealed partial record WrkResult(
    long Requests,
    double RequestsPerSecond,
    double P50Milliseconds,
    double P90Milliseconds,
    double P99Milliseconds,
    long SocketErrors,
    long Non2xx,
    string Output)
{
    /// <summary>Why the run is not a valid measurement; empty when it is.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            var errors = new List<string>();
            if (Requests == 0)
            {
                errors.Add("no request completed");
            }

            if (Non2xx > 0)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Non2xx} non-2xx responses"));
            }

            if (SocketErrors > 0)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{SocketErrors} socket errors ({SocketErrorLine().Match(Output).Value.Trim()})"));
            }

            return errors;
        }
    }

    public static WrkResult Parse(string output)
    {
        var requests = RequestsLine().Match(output);
        var rate = RateLine().Match(output);
        var percentiles = PercentileLine().Matches(output)
            .ToDictionary(m => m.Groups["p"].Value, m => ToMilliseconds(m.Groups["value"].Value, m.Groups["unit"].Value), StringComparer.Ordinal);
        if (!requests.Success || !rate.Success || !percentiles.ContainsKey("50") || !percentiles.ContainsKey("90") || !percentiles.ContainsKey("99"))
        {
            throw new LoadRunException($"Could not read wrk's output:\n{output}", ExitCodes.MeasurementFailed);
        }

        var socket = SocketErrorLine().Match(output);
        var socketErrors = socket.Success
            ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        var non2xx = Non2xxLine().Match(output) is { Success: true } line ? long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

        return new WrkResult(
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            percentiles["50"], percentiles["90"], percentiles["99"],
            socketErrors, non2xx, output);
    }

    private static double ToMilliseconds(string value, string unit)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => number * 3_600_000,
        };
    }

    // wrk 4.x: "  123456 requests in 10.00s, 12.34MB read"
    [GeneratedRegex(@"^\s*(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    // The --latency distribution: "     99%    5.12ms".
    [GeneratedRegex(@"^\s+(?<p>\d+)%\s+(?<value>[\d.]+)(?<unit>us|ms|s|m|h)\s*$", RegexOptions.Multiline)]
    private static partial Regex PercentileLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorLine();

    // wrk counts a status above 399 here; the endpoints measured answer no 3xx (the pre-flight checks make sure).
    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxLine();
}
