using System.Text;

namespace Envelope.Crypto.Tests;

public sealed class ClientKeyTests
{
    [Fact]
    public void Generate_Called_Returns32RandomBytesAsBase64()
    {
        string first = ClientKey.Generate();
        string second = ClientKey.Generate();

        Assert.Equal(44, first.Length);
        Assert.Equal(SecretsBlob.KeySize, Convert.FromBase64String(first).Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Pad_GeneratedKey_ReturnsDecodedBytes()
    {
        string key = ClientKey.Generate();

        Assert.Equal(Convert.FromBase64String(key), ClientKey.Pad(key));
    }

    [Fact]
    public void Pad_Base64OfOtherThan32Bytes_UsesUtf8()
    {
        string key = Convert.ToBase64String(new byte[24]); // 32 characters of valid base64, but 24 bytes

        Assert.Equal(Encoding.UTF8.GetBytes(key), ClientKey.Pad(key));
    }

    [Fact]
    public void Pad_ShortPassphrase_IsNulPadded()
    {
        Assert.Equal([(byte)'a', (byte)'b', .. new byte[30]], ClientKey.Pad("ab"));
    }

    [Theory]
    [InlineData("é")] // two UTF-8 bytes, the second cut off
    [InlineData("😀")] // a surrogate pair, four bytes, three cut off
    public void Pad_MultiByteCharacterAtByte32_IsCutMidCharacter(string tail)
    {
        string key = new string('a', 31) + tail + "ignored";
        byte[] expected = [.. Encoding.UTF8.GetBytes(new string('a', 31) + tail)[..32]];

        Assert.Equal(expected, ClientKey.Pad(key));
        Assert.Equal(Encoding.UTF8.GetBytes(tail)[0], ClientKey.Pad(key)[31]);
    }

    [Fact]
    public void Pad_LongPassphrase_KeepsFirst32Bytes()
    {
        string key = string.Concat(Enumerable.Repeat("0123456789", 10));

        Assert.Equal(Encoding.UTF8.GetBytes(key)[..32], ClientKey.Pad(key));
    }

    [Fact]
    public void Pad_IntoSpan_WritesSameBytes()
    {
        Span<byte> destination = stackalloc byte[SecretsBlob.KeySize];
        ClientKey.Pad("correct horse battery staple", destination);

        Assert.Equal(ClientKey.Pad("correct horse battery staple"), destination.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Pad_DestinationOfWrongLength_ThrowsArgumentException(int length)
    {
        Assert.Throws<ArgumentException>("destination", () => ClientKey.Pad("key", new byte[length]));
    }
}
