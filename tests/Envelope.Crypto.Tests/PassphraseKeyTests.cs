namespace Envelope.Crypto.Tests;

public sealed class PassphraseKeyTests
{
    private static readonly byte[] s_salt = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    [Fact]
    public void Argon2id_Rfc9106Vector_Matches()
    {
        // RFC 9106 section 5.3: Argon2id, version 0x13, m=32 KiB, t=3, p=4, with secret and associated data.
        var tag = PassphraseKey.Argon2idHash(
            Enumerable.Repeat((byte)0x01, 32).ToArray(), Enumerable.Repeat((byte)0x02, 16).ToArray(),
            memoryKiB: 32, iterations: 3, parallelism: 4, length: 32,
            secret: Enumerable.Repeat((byte)0x03, 8).ToArray(), associatedData: Enumerable.Repeat((byte)0x04, 12).ToArray());

        Assert.Equal("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void Derive_GivesAGeneratedKeyString()
    {
        var key = PassphraseKey.Derive("correct horse battery staple", new PassphraseKdf(PassphraseKdf.MinimumMemoryKiB, 2, 1, s_salt));

        Assert.Equal(44, key.Length);
        Assert.Equal(Convert.FromBase64String(key), ClientKey.Pad(key));
    }

    [Fact]
    public void Derive_DifferentSalt_DifferentKey()
    {
        var other = s_salt.ToArray();
        other[0] ^= 1;

        Assert.NotEqual(
            PassphraseKey.Derive("correct horse battery staple", new PassphraseKdf(PassphraseKdf.MinimumMemoryKiB, 2, 1, s_salt)),
            PassphraseKey.Derive("correct horse battery staple", new PassphraseKdf(PassphraseKdf.MinimumMemoryKiB, 2, 1, other)));
    }

    [Fact]
    public void Derive_NormalizesToNfc()
    {
        var kdf = new PassphraseKdf(PassphraseKdf.MinimumMemoryKiB, 2, 1, s_salt);

        Assert.Equal(PassphraseKey.Derive("caf\u00e9 au lait", kdf), PassphraseKey.Derive("cafe\u0301 au lait", kdf));
    }

    [Theory]
    [InlineData(PassphraseKdf.MinimumMemoryKiB - 1, 2, 1, 16, "memory_kib")]
    [InlineData(PassphraseKdf.MaximumMemoryKiB + 1, 2, 1, 16, "memory_kib")]
    [InlineData(PassphraseKdf.MinimumMemoryKiB, 1, 1, 16, "iterations")]
    [InlineData(PassphraseKdf.MinimumMemoryKiB, 17, 1, 16, "iterations")]
    [InlineData(PassphraseKdf.MinimumMemoryKiB, 2, 0, 16, "parallelism")]
    [InlineData(PassphraseKdf.MinimumMemoryKiB, 2, 9, 16, "parallelism")]
    [InlineData(PassphraseKdf.MinimumMemoryKiB, 2, 1, 15, "salt")]
    [InlineData(PassphraseKdf.MinimumMemoryKiB, 2, 1, 65, "salt")]
    public void Validate_OutOfBounds_NamesTheField(int memoryKiB, int iterations, int parallelism, int saltLength, string field)
    {
        Assert.Equal(field, PassphraseKdf.Validate("argon2id", 0x13, memoryKiB, iterations, parallelism, saltLength)?.Field);
        Assert.Throws<ArgumentException>(() => PassphraseKey.Derive("x", new PassphraseKdf(memoryKiB, iterations, parallelism, new byte[saltLength])));
    }

    [Theory]
    [InlineData("argon2i", 0x13, "algorithm")]
    [InlineData(null, 0x13, "algorithm")]
    [InlineData("argon2id", 0x10, "version")]
    public void Validate_UnknownAlgorithmOrVersion_IsRefused(string? algorithm, int version, string field) =>
        Assert.Equal(field, PassphraseKdf.Validate(algorithm, version, PassphraseKdf.DefaultMemoryKiB, 3, 1, 16)?.Field);

    [Fact]
    public void CreateDefault_IsValidWithAFreshSalt()
    {
        var first = PassphraseKdf.CreateDefault();
        var second = PassphraseKdf.CreateDefault();

        Assert.Null(PassphraseKdf.Validate(first.Algorithm, first.Version, first.MemoryKiB, first.Iterations, first.Parallelism, first.Salt.Length));
        Assert.Equal(PassphraseKdf.SaltSize, first.Salt.Length);
        Assert.False(first.Salt.SequenceEqual(second.Salt));
    }

    [Fact]
    public void Derive_EmptyPassphrase_IsRefused() =>
        Assert.Throws<ArgumentException>(() => PassphraseKey.Derive("", PassphraseKdf.CreateDefault()));
}
