using static Envelope.Crypto.Tests.CryptoVectors;

namespace Envelope.Crypto.Tests;

/// <summary>Reproduces every vector of ../shared/vectors/crypto.json, computed by independent implementations.</summary>
public sealed class CryptoVectorTests
{
    public static TheoryData<string, string> PadKeyVectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var v in Data.PadKey)
            data.Add(v.Key, v.PaddedHex);
        return data;
    }

    public static TheoryData<string, string, int, string> KeyProofVectors()
    {
        var data = new TheoryData<string, string, int, string>();
        foreach (var v in Data.KeyProof)
            data.Add(v.Key, v.KeyCheckSalt, v.Iterations, v.Proof);
        return data;
    }

    public static TheoryData<string, string, string, string> BlobVectors()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var v in Data.Blob)
            data.Add(v.Key, v.IvHex, v.Plaintext, v.Blob);
        return data;
    }

    [Fact]
    public void Load_SharedFile_HasEveryKindOfVector()
    {
        Assert.Equal(4, Data.PadKey.Count);
        Assert.Equal(3, Data.KeyProof.Count);
        Assert.Equal(3, Data.Blob.Count);
    }

    [Fact]
    public void FallbackCopy_ComparedWithLoadedFile_IsIdentical()
    {
        using Stream embedded = typeof(CryptoVectorTests).Assembly.GetManifestResourceStream("crypto.fallback.json")
            ?? throw new InvalidOperationException("The fallback vectors are not embedded.");
        using var reader = new StreamReader(embedded);

        Assert.Equal(File.ReadAllText(FilePath).ReplaceLineEndings(), reader.ReadToEnd().ReplaceLineEndings());
    }

    [Theory]
    [MemberData(nameof(PadKeyVectors))]
    public void Pad_Vector_MatchesPaddedHex(string key, string paddedHex)
    {
        Assert.Equal(paddedHex, Convert.ToHexStringLower(ClientKey.Pad(key)));
    }

    [Theory]
    [MemberData(nameof(KeyProofVectors))]
    public void Compute_Vector_MatchesProof(string key, string salt, int iterations, string proof)
    {
        Assert.Equal(proof, KeyProof.Compute(key, Convert.FromBase64String(salt), iterations));
    }

    [Theory]
    [MemberData(nameof(BlobVectors))]
    public void Encrypt_VectorWithItsIv_MatchesBlob(string key, string ivHex, string plaintext, string blob)
    {
        Assert.Equal(blob, SecretsBlob.Encrypt(ClientKey.Pad(key), plaintext, Convert.FromHexString(ivHex)));
    }

    [Theory]
    [MemberData(nameof(BlobVectors))]
    public void Decrypt_VectorBlob_ReturnsPlaintext(string key, string ivHex, string plaintext, string blob)
    {
        _ = ivHex;
        Assert.Equal(plaintext, SecretsBlob.Decrypt(ClientKey.Pad(key), blob));
    }

    [Theory]
    [MemberData(nameof(BlobVectors))]
    public void TryDecryptWithClientKey_VectorBlob_ReturnsPlaintext(string key, string ivHex, string plaintext, string blob)
    {
        _ = ivHex;
        Assert.True(SecretsBlob.TryDecryptWithClientKey(key, blob, out string? decrypted));
        Assert.Equal(plaintext, decrypted);
    }

    [Theory]
    [MemberData(nameof(BlobVectors))]
    public void EncryptWithClientKey_VectorKeyAndPlaintext_DecryptsUnderPaddedKey(string key, string ivHex, string plaintext, string blob)
    {
        _ = (ivHex, blob);
        Assert.Equal(plaintext, SecretsBlob.Decrypt(ClientKey.Pad(key), SecretsBlob.EncryptWithClientKey(key, plaintext)));
    }

    [Theory]
    [MemberData(nameof(BlobVectors))]
    public void DecodedLength_VectorBlob_IsIvPlusUtf8PlusTag(string key, string ivHex, string plaintext, string blob)
    {
        _ = (key, ivHex);
        Assert.Equal(SecretsBlob.MinimumDecodedLength + System.Text.Encoding.UTF8.GetByteCount(plaintext), SecretsBlob.DecodedLength(blob));
    }

    [Theory]
    [MemberData(nameof(BlobVectors))]
    public void Parse_VectorPlaintext_IsValidDotEnv(string key, string ivHex, string plaintext, string blob)
    {
        _ = (key, ivHex, blob);
        Assert.True(DotEnv.TryParse(plaintext, out _, out string? error), error);
    }
}
