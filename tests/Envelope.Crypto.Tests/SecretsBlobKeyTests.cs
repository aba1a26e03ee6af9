using CsCheck;

namespace Envelope.Crypto.Tests;

/// <summary>The blob under a client key (padded first) and under a server data key in its base64 form.</summary>
public sealed class SecretsBlobKeyTests
{
    private const string Plaintext = "DATABASE_URL=postgres://u:p@db/app\nDEBUG=false\n";
    private const string Passphrase = "correct horse battery staple";

    private static readonly string s_dataKey = Convert.ToBase64String(TestKeys.Sequential);

    [Fact]
    public void EncryptWithClientKey_RandomTextAndPassphrase_RoundTrips()
    {
        Gen.Select(Generators.Text, Generators.Text).Sample((key, text) =>
        {
            Assert.True(SecretsBlob.TryDecryptWithClientKey(key, SecretsBlob.EncryptWithClientKey(key, text), out string? plaintext));
            Assert.Equal(text, plaintext);
        });
    }

    [Fact]
    public void EncryptWithClientKey_Passphrase_DecryptsUnderPaddedKey()
    {
        string blob = SecretsBlob.EncryptWithClientKey(Passphrase, Plaintext);

        Assert.Equal(Plaintext, SecretsBlob.Decrypt(ClientKey.Pad(Passphrase), blob));
    }

    [Fact]
    public void TryDecryptWithClientKey_OtherKey_ReturnsFalse()
    {
        string blob = SecretsBlob.EncryptWithClientKey(ClientKey.Generate(), Plaintext);

        Assert.False(SecretsBlob.TryDecryptWithClientKey(ClientKey.Generate(), blob, out string? plaintext));
        Assert.Null(plaintext);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("AAAA")]
    public void TryDecryptWithClientKey_MalformedBlob_ReturnsFalse(string blob)
    {
        Assert.False(SecretsBlob.TryDecryptWithClientKey(Passphrase, blob, out _));
    }

    [Fact]
    public void TryDecryptWithAnyClientKey_LaterKeyOpens_ReturnsItsPlaintext()
    {
        string old = ClientKey.Generate();
        string blob = SecretsBlob.EncryptWithClientKey(old, Plaintext);

        Assert.True(SecretsBlob.TryDecryptWithAnyClientKey([ClientKey.Generate(), Passphrase, old], blob, out string? plaintext));
        Assert.Equal(Plaintext, plaintext);
    }

    [Fact]
    public void TryDecryptWithAnyClientKey_NoKeyOpens_ReturnsFalse()
    {
        string blob = SecretsBlob.EncryptWithClientKey(ClientKey.Generate(), Plaintext);

        Assert.False(SecretsBlob.TryDecryptWithAnyClientKey([ClientKey.Generate(), Passphrase], blob, out string? plaintext));
        Assert.Null(plaintext);
    }

    [Fact]
    public void TryDecryptWithAnyClientKey_NoKeys_ReturnsFalse()
    {
        Assert.False(SecretsBlob.TryDecryptWithAnyClientKey([], SecretsBlob.EncryptWithClientKey(Passphrase, Plaintext), out _));
    }

    [Fact]
    public void EncryptWithDataKey_Base64Key_DecryptsUnderDecodedKey()
    {
        string blob = SecretsBlob.EncryptWithDataKey(s_dataKey, Plaintext);

        Assert.Equal(Plaintext, SecretsBlob.Decrypt(TestKeys.Sequential, blob));
    }

    [Fact]
    public void TryDecryptWithDataKey_BlobUnderThatKey_ReturnsPlaintext()
    {
        string blob = SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext);

        Assert.True(SecretsBlob.TryDecryptWithDataKey(s_dataKey, blob, out string? plaintext));
        Assert.Equal(Plaintext, plaintext);
    }

    [Fact]
    public void TryDecryptWithDataKey_OtherKey_ReturnsFalse()
    {
        string blob = SecretsBlob.Encrypt(TestKeys.Other, Plaintext);

        Assert.False(SecretsBlob.TryDecryptWithDataKey(s_dataKey, blob, out string? plaintext));
        Assert.Null(plaintext);
    }

    public static TheoryData<string> MalformedDataKeys() =>
    [
        Passphrase,
        "",
        Convert.ToBase64String(new byte[SecretsBlob.KeySize - 1]),
        Convert.ToBase64String(new byte[SecretsBlob.KeySize + 1]),
    ];

    [Theory]
    [MemberData(nameof(MalformedDataKeys))]
    public void EncryptWithDataKey_NotBase64Of32Bytes_ThrowsFormatException(string base64DataKey)
    {
        Assert.Throws<FormatException>(() => SecretsBlob.EncryptWithDataKey(base64DataKey, Plaintext));
    }

    [Theory]
    [MemberData(nameof(MalformedDataKeys))]
    public void TryDecryptWithDataKey_NotBase64Of32Bytes_ReturnsFalse(string base64DataKey)
    {
        string blob = SecretsBlob.Encrypt(TestKeys.Sequential, Plaintext);

        Assert.False(SecretsBlob.TryDecryptWithDataKey(base64DataKey, blob, out _));
    }

    [Fact]
    public void EveryMember_NullArgument_ThrowsArgumentNullException()
    {
        string blob = SecretsBlob.EncryptWithClientKey(Passphrase, Plaintext);

        Assert.Throws<ArgumentNullException>(() => SecretsBlob.EncryptWithClientKey(null!, Plaintext));
        Assert.Throws<ArgumentNullException>(() => SecretsBlob.EncryptWithClientKey(Passphrase, null!));
        Assert.Throws<ArgumentNullException>(() => SecretsBlob.TryDecryptWithClientKey(null!, blob, out _));
        Assert.Throws<ArgumentNullException>(() => SecretsBlob.TryDecryptWithClientKey(Passphrase, null!, out _));
        Assert.Throws<ArgumentNullException>(() => SecretsBlob.TryDecryptWithAnyClientKey(null!, blob, out _));
        Assert.Throws<ArgumentNullException>(() => SecretsBlob.TryDecryptWithAnyClientKey([], null!, out _));
        Assert.Throws<ArgumentNullException>(() => SecretsBlob.EncryptWithDataKey(null!, Plaintext));
        Assert.Throws<ArgumentNullException>(() => SecretsBlob.EncryptWithDataKey(s_dataKey, null!));
        Assert.Throws<ArgumentNullException>(() => SecretsBlob.TryDecryptWithDataKey(null!, blob, out _));
        Assert.Throws<ArgumentNullException>(() => SecretsBlob.TryDecryptWithDataKey(s_dataKey, null!, out _));
    }
}
