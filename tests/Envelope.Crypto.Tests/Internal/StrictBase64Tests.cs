using CsCheck;
using Envelope.Crypto.Internal;

namespace Envelope.Crypto.Tests.Internal;

public sealed class StrictBase64Tests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("AA==", 1)]
    [InlineData("AAA=", 2)]
    [InlineData("AAAA", 3)]
    [InlineData("+/+/", 3)]
    public void DecodedLength_CanonicalBase64_ReturnsByteCount(string text, int expected)
    {
        Assert.Equal(expected, StrictBase64.DecodedLength(text));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("AA")]
    [InlineData("AA=")]
    [InlineData("AA== ")]
    [InlineData(" AAA")]
    [InlineData("AA\tA")]
    [InlineData("-_-_")]
    [InlineData("A===")]
    [InlineData("é===")]
    public void DecodedLength_NonCanonical_ReturnsMinusOne(string text)
    {
        Assert.Equal(-1, StrictBase64.DecodedLength(text));
    }

    [Fact]
    public void TryDecode_AnyBytes_MatchesConvert()
    {
        // Sizes up to 4 KiB reach the vectorized decoder's main loop as well as its scalar tail.
        Gen.Byte.Array[0, 4096].Sample(bytes =>
        {
            string text = Convert.ToBase64String(bytes);
            byte[] decoded = new byte[StrictBase64.DecodedLength(text)];

            Assert.True(StrictBase64.TryDecode(text, new byte[text.Length], decoded));
            Assert.Equal(bytes, decoded);
        });
    }

    [Theory]
    [InlineData("AB==", 1)] // non-zero bits after the last byte
    [InlineData("AAA\u00e9", 3)] // not ASCII
    [InlineData("AA=A", 2)]
    public void TryDecode_NonCanonical_ReturnsFalse(string text, int length)
    {
        Assert.False(StrictBase64.TryDecode(text, new byte[text.Length], new byte[length]));
    }

    [Fact]
    public void TryDecode_ExactDestination_ReturnsTrue()
    {
        Assert.True(StrictBase64.TryDecode("AQ==", new byte[4], new byte[1]));
    }
}
