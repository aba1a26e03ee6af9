namespace Envelope.Crypto.Tests;

public sealed class KeyProofTests
{
    // The 100 000-iteration vector of crypto.json: the cheapest real derivation there is.
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string Salt = "oKGio6SlpqeoqaqrrK2urw==";
    private const string Proof = "RWXskxc/hxSm6qOLVaIAnRnT188oxGgmpViycIJhcfg=";

    private static readonly byte[] s_expected = Convert.FromBase64String(Proof);

    [Fact]
    public void Derive_Vector_MatchesComputeAndProof()
    {
        byte[] derived = KeyProof.Derive(Key, Convert.FromBase64String(Salt), KeyProof.MinimumIterations);

        Assert.Equal(s_expected, derived);
        Assert.True(KeyProof.Matches(KeyProof.Compute(Key, Convert.FromBase64String(Salt), KeyProof.MinimumIterations), derived));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(KeyProof.MinimumIterations - 1)]
    public void Derive_TooFewIterations_ThrowsArgumentOutOfRangeException(int iterations)
    {
        Assert.Throws<ArgumentOutOfRangeException>("iterations", () => KeyProof.Derive(Key, new byte[KeyProof.SaltSize], iterations));
        Assert.Throws<ArgumentOutOfRangeException>("iterations", () => KeyProof.Compute(Key, new byte[KeyProof.SaltSize], iterations));
    }

    [Fact]
    public void GenerateSalt_Called_ReturnsFreshSaltOfSaltSize()
    {
        byte[] first = KeyProof.GenerateSalt();

        Assert.Equal(KeyProof.SaltSize, first.Length);
        Assert.NotEqual(first, KeyProof.GenerateSalt());
    }

    [Fact]
    public void Matches_SameProof_IsTrue()
    {
        Assert.True(KeyProof.Matches(Proof, s_expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("RWXskxc/hxSm6qOLVaIAnRnT188oxGgmpViycIJhcfg")] // padding missing
    [InlineData("SWXskxc/hxSm6qOLVaIAnRnT188oxGgmpViycIJhcfg=")] // first byte differs
    [InlineData("RWXskxc/hxSm6qOLVaIAnRnT188oxGgmpViycIJhcfk=")] // last byte differs
    [InlineData("RWXskxc/hxSm6qOLVaIAnRnT188oxGgmpViycIJh")] // 30 bytes, a prefix
    [InlineData("RWXskxc/hxSm6qOLVaIAnRnT188oxGgmpViycIJhcfgA")] // 33 bytes
    [InlineData("RWXskxc/hxSm6qOLVaIAnRnT188oxGgmpViycIJhcfhXZexkxc/hxSm6qOLVaIAnRnT188oxGgmpViycIJhcfg=")] // too long
    public void Matches_WrongOrMalformedProof_IsFalseWithoutThrowing(string? presented)
    {
        Assert.False(KeyProof.Matches(presented, s_expected));
    }

    [Fact]
    public void Matches_EmptyOrShortExpected_IsFalse()
    {
        Assert.False(KeyProof.Matches(Proof, []));
        Assert.False(KeyProof.Matches(Proof, s_expected[..16]));
        Assert.False(KeyProof.Matches("", []));
    }
}
