using System.Text.Json;

namespace Envelope.Crypto.Tests;

/// <summary>Reproduces vectors/kdf.json, computed with hash-wasm (the console's and Node's Argon2id), from .NET.</summary>
public sealed class KdfVectorTests
{
    private static readonly Lazy<KdfVectorFile> s_file = new(() =>
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, RespectRequiredConstructorParameters = true };
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "vectors", "kdf.json"));
        return JsonSerializer.Deserialize<KdfVectorFile>(stream, options)!;
    });

    public static TheoryData<int> Indexes() => [.. Enumerable.Range(0, s_file.Value.Argon2id.Count)];

    [Fact]
    public void Load_File_HasTheVectors() => Assert.Equal(5, s_file.Value.Argon2id.Count);

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Derive_Vector_Matches(int index)
    {
        var v = s_file.Value.Argon2id[index];
        Assert.Null(PassphraseKdf.Validate(v.Algorithm, v.Version, v.MemoryKib, v.Iterations, v.Parallelism, Convert.FromBase64String(v.Salt).Length));

        var key = PassphraseKey.Derive(v.Passphrase, new PassphraseKdf(v.MemoryKib, v.Iterations, v.Parallelism, Convert.FromBase64String(v.Salt)));

        Assert.Equal(v.Key, key);
    }

    internal sealed record KdfVectorFile(string About, IReadOnlyList<KdfVector> Argon2id);

    internal sealed record KdfVector(string Passphrase, string Algorithm, int Version, int MemoryKib, int Iterations, int Parallelism, string Salt, string Key);
}
