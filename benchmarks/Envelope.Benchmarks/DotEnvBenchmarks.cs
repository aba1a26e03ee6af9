using BenchmarkDotNet.Attributes;
using Envelope.Crypto;

namespace Envelope.Benchmarks;

/// <summary>
/// Parsing and merging three 200-key levels (project, target, environment; half of each level overrides the
/// one above) against the string.Split parser one would write first, which ignores quoting and escapes.
/// </summary>
[MemoryDiagnoser]
public class DotEnvBenchmarks
{
    private string[] _levels = [];

    [GlobalSetup]
    public void Setup() =>
        _levels = [EnvText.Level("project", 0, 200), EnvText.Level("target", 100, 200), EnvText.Level("environment", 200, 200)];

    [Benchmark(Baseline = true)]
    public Dictionary<string, string> SplitIntoDictionary()
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string level in _levels)
        {
            foreach (string line in level.Split('\n'))
            {
                string trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed[0] == '#')
                    continue;
                string[] parts = trimmed.Split('=', 2);
                merged[parts[0].Trim()] = parts[1].Trim().Trim('"', '\'');
            }
        }

        return merged;
    }

    [Benchmark]
    public IReadOnlyDictionary<string, string> ParseAndMerge() =>
        DotEnv.Merge(DotEnv.Parse(_levels[0]), DotEnv.Parse(_levels[1]), DotEnv.Parse(_levels[2]));
}
