using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Envelope.Crypto;

namespace Envelope.Benchmarks;

/// <summary>
/// Blob format v2 against v1 on the same text and key: the ratio is what binding a blob to its place costs, the
/// associated data (about 130 bytes for ULID ids) written and authenticated, and the <c>v2:</c> prefix.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class BlobV2Benchmarks
{
    private static readonly BlobPlace Place = new("01JEORG0000000000000000000", "01JEPRJ0000000000000000000", "01JETGT0000000000000000000", "01JEENV0000000000000000000", 1);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(SecretsBlob.KeySize);
    private string _text = "";
    private string _v1 = "";
    private string _v2 = "";

    [Params(1024, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = EnvText.OfLength(Size);
        _v1 = SecretsBlob.Encrypt(_key, _text);
        _v2 = SecretsBlob.Seal(_key, _text, Place);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Seal")]
    public string V1Encrypt() => SecretsBlob.Encrypt(_key, _text);

    [Benchmark]
    [BenchmarkCategory("Seal")]
    public string V2Seal() => SecretsBlob.Seal(_key, _text, Place);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Open")]
    public string? V1Open() => SecretsBlob.TryOpen(_key, _v1, Place, out var text) == BlobOpenStatus.Opened ? text : null;

    [Benchmark]
    [BenchmarkCategory("Open")]
    public string? V2Open() => SecretsBlob.TryOpen(_key, _v2, Place, out var text) == BlobOpenStatus.Opened ? text : null;
}
