using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Envelope.Crypto;

namespace Envelope.Benchmarks;

/// <summary>
/// The blob against bare AES-GCM on the same bytes with the same per-call key schedule and fresh IV, so the
/// ratio is what the wire format adds: UTF-8 transcoding, base64 and the result string.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class BlobBenchmarks
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(SecretsBlob.KeySize);
    private readonly byte[] _iv = new byte[SecretsBlob.IvSize];
    private readonly byte[] _tag = new byte[SecretsBlob.TagSize];
    private string _text = "";
    private string _blob = "";
    private byte[] _plaintext = [];
    private byte[] _ciphertext = [];
    private byte[] _decrypted = [];

    [Params(1024, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = EnvText.OfLength(Size);
        _plaintext = Encoding.UTF8.GetBytes(_text);
        _ciphertext = new byte[_plaintext.Length];
        _decrypted = new byte[_plaintext.Length];
        _blob = SecretsBlob.Encrypt(_key, _text);
        RandomNumberGenerator.Fill(_iv);
        using var aes = new AesGcm(_key, SecretsBlob.TagSize);
        aes.Encrypt(_iv, _plaintext, _ciphertext, _tag);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encrypt")]
    public byte[] AesGcmEncrypt()
    {
        RandomNumberGenerator.Fill(_iv);
        using var aes = new AesGcm(_key, SecretsBlob.TagSize);
        aes.Encrypt(_iv, _plaintext, _ciphertext, _tag);
        return _ciphertext;
    }

    [Benchmark]
    [BenchmarkCategory("Encrypt")]
    public string BlobEncrypt() => SecretsBlob.Encrypt(_key, _text);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decrypt")]
    public byte[] AesGcmDecrypt()
    {
        using var aes = new AesGcm(_key, SecretsBlob.TagSize);
        aes.Decrypt(_iv, _ciphertext, _tag, _decrypted);
        return _decrypted;
    }

    [Benchmark]
    [BenchmarkCategory("Decrypt")]
    public string BlobDecrypt() => SecretsBlob.Decrypt(_key, _blob);
}
