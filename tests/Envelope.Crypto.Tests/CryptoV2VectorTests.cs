using System.Text.Json;

namespace Envelope.Crypto.Tests;

/// <summary>
/// Reproduces vectors/crypto-v2.json, computed with Node's built-in crypto: the associated data and the sealed blob byte
/// for byte, and the outcome of opening a blob at each place the file names (moved, relabelled, v1).
/// </summary>
public sealed class CryptoV2VectorTests
{
    private static readonly Lazy<VectorFile> s_file = new(() =>
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, RespectRequiredConstructorParameters = true };
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "vectors", "crypto-v2.json"));
        return JsonSerializer.Deserialize<VectorFile>(stream, options)!;
    });

    public static TheoryData<string> Seals() => [.. s_file.Value.BlobV2.Select(v => v.Name)];

    public static TheoryData<string> Opens() => [.. s_file.Value.Open.Select(v => v.Name)];

    [Fact]
    public void Load_File_HasEveryKindOfCase()
    {
        Assert.Equal(4, s_file.Value.BlobV2.Count);
        Assert.Contains(s_file.Value.Open, v => v.Expected == "not_bound_here");
        Assert.Contains(s_file.Value.Open, v => v.Expected == "opened" && !SecretsBlob.IsV2(v.Blob));
    }

    [Theory]
    [MemberData(nameof(Seals))]
    public void Seal_Vector_IsByteIdentical(string name)
    {
        var v = s_file.Value.BlobV2.Single(b => b.Name == name);
        var place = v.Place.At(v.KeyVersion);

        Assert.Equal(v.AadHex, Convert.ToHexStringLower(place.ToAssociatedData()));
        Assert.Equal(v.Blob, SecretsBlob.Seal(ClientKey.Pad(v.Key), v.Plaintext, Convert.FromHexString(v.IvHex), place));
        Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(v.Key, v.Blob, place, out var text));
        Assert.Equal(v.Plaintext, text);
    }

    [Theory]
    [MemberData(nameof(Opens))]
    public void TryOpen_Vector_HasTheExpectedOutcome(string name)
    {
        var v = s_file.Value.Open.Single(b => b.Name == name);

        var status = SecretsBlob.TryOpenWithClientKey(v.Key, v.Blob, v.Place.At(v.KeyVersion), out var text);

        Assert.Equal(v.Expected, status switch
        {
            BlobOpenStatus.Opened => "opened",
            BlobOpenStatus.NotBoundHere => "not_bound_here",
            BlobOpenStatus.AuthenticationFailed => "authentication_failed",
            _ => "malformed",
        });
        Assert.Equal(status == BlobOpenStatus.Opened ? v.Plaintext : null, text);
    }

    internal sealed record VectorFile(string About, IReadOnlyList<SealVector> BlobV2, IReadOnlyList<OpenVector> Open);

    internal sealed record Place(string OrganizationId, string ProjectId, string? TargetId, string? EnvironmentId)
    {
        public BlobPlace At(int keyVersion) => new(OrganizationId, ProjectId, TargetId, EnvironmentId, keyVersion);
    }

    internal sealed record SealVector(string Name, string Key, string IvHex, Place Place, int KeyVersion, string Plaintext, string AadHex, string Blob);

    internal sealed record OpenVector(string Name, string Key, string Blob, Place Place, int KeyVersion, string Plaintext, string Expected);
}
