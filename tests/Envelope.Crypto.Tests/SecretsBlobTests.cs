using System.Security.Cryptography;
using System.Text;
using CsCheck;

namespace Envelope.Crypto.Tests;

public sealed class SecretsBlobTests
{
    private const string Plaintext = "DATABASE_URL=postgres://u:p@db/app\nDEBUG=false\n";

    [Fact]
    public void EncryptDecrypt_RandomTextAndKey_RoundTrips()
    {
        Gen.Select(Gen.Byte.Array[SecretsBlob.KeySize], Generators.Text)
            .Sample((key, text) => Assert.Equal(text, SecretsBlob.Decrypt(key, SecretsBlob.Encrypt(key, text))));
    }

    [Fact]
    public void Encrypt_SameTextTwice_UsesFreshIvs()
    {
        string first = SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext);
        string second = SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext);

        Assert.NotEqual(first, second);
        Assert.NotEqual(Convert.FromBase64String(first)[..SecretsBlob.IvSize], Convert.FromBase64String(second)[..SecretsBlob.IvSize]);
    }

    [Fact]
    public void Encrypt_WithIv_LaysOutIvCiphertextTag()
    {
        byte[] blob = Convert.FromBase64String(SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext, TestKeys.Iv));

        Assert.Equal(TestKeys.Iv, blob[..SecretsBlob.IvSize]);
        Assert.Equal(SecretsBlob.IvSize + Encoding.UTF8.GetByteCount(Plaintext) + SecretsBlob.TagSize, blob.Length);
        byte[] plaintext = new byte[blob.Length - SecretsBlob.MinimumDecodedLength];
        using var aes = new AesGcm(TestKeys.Sequential, SecretsBlob.TagSize);
        aes.Decrypt(TestKeys.Iv, blob[SecretsBlob.IvSize..^SecretsBlob.TagSize], blob[^SecretsBlob.TagSize..], plaintext);
        Assert.Equal(Plaintext, Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void Encrypt_EmptyText_GivesMinimumLengthBlob()
    {
        string blob = SecretsBlob.Encrypt(TestKeys.Sequential, "");

        Assert.Equal(SecretsBlob.MinimumDecodedLength, SecretsBlob.DecodedLength(blob));
        Assert.Equal("", SecretsBlob.Decrypt(TestKeys.Sequential, blob));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void Encrypt_KeyOfWrongLength_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>("key", () => SecretsBlob.Encrypt(new byte[length], Plaintext));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(16)]
    public void Encrypt_IvOfWrongLength_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>("iv", () => SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext, new byte[length]));
    }

    [Fact]
    public void Decrypt_WithWrongKey_ThrowsCryptographicException()
    {
        string blob = SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext);

        Assert.ThrowsAny<CryptographicException>(() => SecretsBlob.Decrypt(TestKeys.Other, blob));
    }

    [Theory]
    [InlineData(0)] // IV
    [InlineData(SecretsBlob.IvSize)] // ciphertext
    [InlineData(-1)] // tag
    public void Decrypt_WithFlippedBit_ThrowsCryptographicException(int index)
    {
        byte[] bytes = Convert.FromBase64String(SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext));
        bytes[index < 0 ? bytes.Length + index : index] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => SecretsBlob.Decrypt(TestKeys.Sequential, Convert.ToBase64String(bytes)));
    }

    [Fact]
    public void Decrypt_TruncatedBlob_ThrowsCryptographicException()
    {
        byte[] bytes = Convert.FromBase64String(SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext));

        Assert.ThrowsAny<CryptographicException>(() => SecretsBlob.Decrypt(TestKeys.Sequential, Convert.ToBase64String(bytes[..^1])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("not base64 at all!")]
    public void Decrypt_MalformedBlob_ThrowsBlobFormatException(string blob)
    {
        Assert.Throws<BlobFormatException>(() => SecretsBlob.Decrypt(TestKeys.Sequential, blob));
    }

    [Fact]
    public void Decrypt_AuthenticBlobOfNonUtf8Bytes_ThrowsBlobFormatException()
    {
        byte[] blob = new byte[SecretsBlob.MinimumDecodedLength + 2];
        TestKeys.Iv.CopyTo(blob, 0);
        using (var aes = new AesGcm(TestKeys.Sequential, SecretsBlob.TagSize))
            aes.Encrypt(TestKeys.Iv, [0xC3, 0x28], blob.AsSpan(SecretsBlob.IvSize, 2), blob.AsSpan(^SecretsBlob.TagSize..));

        Assert.Throws<BlobFormatException>(() => SecretsBlob.Decrypt(TestKeys.Sequential, Convert.ToBase64String(blob)));
    }

    [Fact]
    public void TryDecrypt_WithRightKey_ReturnsPlaintext()
    {
        string blob = SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext);

        Assert.True(SecretsBlob.TryDecrypt(TestKeys.Sequential, blob, out string? plaintext));
        Assert.Equal(Plaintext, plaintext);
    }

    [Theory]
    [InlineData("wrong key")]
    [InlineData("tampered")]
    [InlineData("short")]
    [InlineData("invalid base64")]
    public void TryDecrypt_BadInput_ReturnsFalse(string kind)
    {
        string blob = SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext);
        byte[] key = TestKeys.Sequential;
        switch (kind)
        {
            case "wrong key":
                key = TestKeys.Other;
                break;
            case "tampered":
                blob = (blob[0] == 'A' ? 'B' : 'A') + blob[1..];
                break;
            case "short":
                blob = Convert.ToBase64String(new byte[SecretsBlob.MinimumDecodedLength - 1]);
                break;
            default:
                blob = "%%%%" + blob[4..];
                break;
        }

        Assert.False(SecretsBlob.TryDecrypt(key, blob, out string? plaintext));
        Assert.Null(plaintext);
    }

    [Fact]
    public void TryDecrypt_KeyOfWrongLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>("key", () => SecretsBlob.TryDecrypt(new byte[16], SecretsBlob.Encrypt(TestKeys.Sequential, ""), out _));
    }

    [Theory]
    [InlineData(SecretsBlob.MinimumDecodedLength - 1, false)]
    [InlineData(SecretsBlob.MinimumDecodedLength, true)]
    [InlineData(SecretsBlob.MinimumDecodedLength + 1, true)]
    [InlineData(SecretsBlob.MinimumDecodedLength + 2, true)]
    [InlineData(0, false)]
    public void IsWellFormed_DecodedLengthAroundMinimum_IsTrueFrom28Bytes(int length, bool expected)
    {
        Assert.Equal(expected, SecretsBlob.IsWellFormed(Convert.ToBase64String(new byte[length])));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // padding missing
    [InlineData("AAAA AAAA AAAA AAAA AAAAAAAAAAAAAAAAAAAAAAAA")] // whitespace, which Convert would skip
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n\r\n")] // line breaks
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-_==")] // URL-safe alphabet
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=A")] // padding in the middle
    public void IsWellFormed_NonCanonicalBase64_IsFalse(string? blob)
    {
        Assert.False(SecretsBlob.IsWellFormed(blob));
    }

    [Fact]
    public void IsWellFormed_CanonicalBase64Of28Bytes_IsTrue()
    {
        Assert.True(SecretsBlob.IsWellFormed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="));
    }

    [Fact]
    public void IsWellFormed_Blob_AllocatesNothing()
    {
        string blob = SecretsBlob.Encrypt(TestKeys.Sequential, new string('x', 4096));
        SecretsBlob.IsWellFormed(blob);

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool wellFormed = SecretsBlob.IsWellFormed(blob);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(wellFormed);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(SecretsBlob.MinimumDecodedLength)]
    [InlineData(SecretsBlob.MinimumDecodedLength + 1)]
    [InlineData(SecretsBlob.MinimumDecodedLength + 2)]
    [InlineData(1000)]
    public void DecodedLength_WellFormedBlob_ReturnsByteCount(int length)
    {
        Assert.Equal(length, SecretsBlob.DecodedLength(Convert.ToBase64String(new byte[length])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 27 bytes
    [InlineData("@@@@")]
    public void DecodedLength_MalformedBlob_ThrowsBlobFormatException(string blob)
    {
        Assert.Throws<BlobFormatException>(() => SecretsBlob.DecodedLength(blob));
    }

    [Fact]
    public void Decrypt_MalformedBlob_MessageDoesNotQuoteBlob()
    {
        string blob = SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext);

        var error = Assert.Throws<BlobFormatException>(() => SecretsBlob.Decrypt(TestKeys.Sequential, blob + "A"));
        Assert.DoesNotContain(blob, error.Message, StringComparison.Ordinal);
    }
}
