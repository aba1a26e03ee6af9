using System.Text.Json;
using System.Text.Json.Serialization;

namespace Envelope.Crypto.Tests;

/// <summary>The shared test vectors (vectors/crypto.json in the output directory), loaded once.</summary>
internal static class CryptoVectors
{
    public const string FileName = "crypto.json";

    private static readonly Lazy<VectorFile> s_file = new(Load);

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "vectors", FileName);

    public static VectorFile Data => s_file.Value;

    private static VectorFile Load()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, RespectRequiredConstructorParameters = true };
        using FileStream stream = System.IO.File.OpenRead(FilePath);
        return JsonSerializer.Deserialize<VectorFile>(stream, options)
            ?? throw new InvalidDataException($"{FilePath} is empty.");
    }

    internal sealed record VectorFile([property: JsonPropertyName("padKey")] IReadOnlyList<PadKeyVector> PadKey, IReadOnlyList<KeyProofVector> KeyProof, IReadOnlyList<BlobVector> Blob);

    internal sealed record PadKeyVector(string Key, string PaddedHex);

    internal sealed record KeyProofVector(string Key, string KeyCheckSalt, int Iterations, string Proof);

    internal sealed record BlobVector(string Key, string IvHex, string Plaintext, string Blob);
}
