using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Envelope.Crypto;

namespace Envelope.Benchmarks;

/// <summary>
/// What a passphrase costs every client on each derivation: Argon2id at the default 64 MiB and 3 passes, and at the
/// floor the server accepts (19 MiB, 2 passes) for comparison. A second per operation, so a few iterations suffice.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PassphraseKeyBenchmarks
{
    private const string Passphrase = "correct horse battery staple";

    private readonly PassphraseKdf _default = PassphraseKdf.CreateDefault();

    private readonly PassphraseKdf _minimum = new(
        PassphraseKdf.MinimumMemoryKiB, PassphraseKdf.MinimumIterations, PassphraseKdf.DefaultParallelism, RandomNumberGenerator.GetBytes(PassphraseKdf.SaltSize));

    [Benchmark(Baseline = true)]
    public string DeriveDefault() => PassphraseKey.Derive(Passphrase, _default);

    [Benchmark]
    public string DeriveMinimum() => PassphraseKey.Derive(Passphrase, _minimum);
}
