namespace Envelope.Load;

/// <summary>
/// One row of the report: a baseline endpoint, or an Envelope endpoint whose requests/s are compared with
/// <see cref="Baseline"/>'s and must reach <see cref="Target"/> times them.
/// </summary>
internal sealed record Scenario(string Name, Uri Url, string Script, bool IsStore = false, Scenario? Baseline = null, double? Target = null)
{
    public bool IsPost => Script.EndsWith(Wrk.PostScript, StringComparison.Ordinal);
}

/// <summary>What a scenario measured; with errors, a failed measurement whose figures are not to be used.</summary>
internal sealed record Measurement(Scenario Scenario, WrkResult? Result, IReadOnlyList<string> Errors, string? Note = null)
{
    public bool Failed => Result is null || Errors.Count > 0;
}
