using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Envelope.Crypto;

namespace Envelope.Benchmarks;

/// <summary>The key proof at 100 000 iterations against the bare PBKDF2 call on already padded key bytes.</summary>
[MemoryDiagnoser]
public class KeyProofBenchmarks
{
    private readonly string _key = ClientKey.Generate();
    private readonly byte[] _salt = KeyProof.GenerateSalt();
    private byte[] _padded = [];

    [GlobalSetup]
    public void Setup() => _padded = ClientKey.Pad(_key);

    [Benchmark(Baseline = true)]
    public byte[] Pbkdf2() =>
        Rfc2898DeriveBytes.Pbkdf2(_padded, _salt, KeyProof.MinimumIterations, HashAlgorithmName.SHA256, KeyProof.Size);

    [Benchmark]
    public string Compute() => KeyProof.Compute(_key, _salt, KeyProof.MinimumIterations);
}
