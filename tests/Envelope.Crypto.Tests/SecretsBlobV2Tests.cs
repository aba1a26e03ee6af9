using System.Text;

namespace Envelope.Crypto.Tests;

public sealed class SecretsBlobV2Tests
{
    private static readonly byte[] s_key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] s_iv = [.. Enumerable.Range(0, 12).Select(i => (byte)i)];
    private static readonly BlobPlace s_environment = new("org_1", "prj_1", "tgt_1", "env_1", 1);

    [Fact]
    public void Seal_ThenOpenAtTheSamePlace_ReturnsTheText()
    {
        var blob = SecretsBlob.Seal(s_key, "A=1\n", s_environment);

        Assert.StartsWith(SecretsBlob.V2Prefix, blob, StringComparison.Ordinal);
        Assert.True(SecretsBlob.IsWellFormed(blob));
        Assert.Equal(SecretsBlob.MinimumDecodedLength + 4, SecretsBlob.DecodedLength(blob));
        Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpen(s_key, blob, s_environment, out var text));
        Assert.Equal("A=1\n", text);
    }

    [Theory]
    [InlineData("org_2", "prj_1", "tgt_1", "env_1", 1)]
    [InlineData("org_1", "prj_2", "tgt_1", "env_1", 1)]
    [InlineData("org_1", "prj_1", "tgt_2", "env_1", 1)]
    [InlineData("org_1", "prj_1", "tgt_1", "env_2", 1)]
    [InlineData("org_1", "prj_1", "tgt_1", null, 1)]
    [InlineData("org_1", "prj_1", "tgt_1", "env_1", 2)]
    public void Open_AtAnotherPlaceOrKeyVersion_IsNotBoundHere(string organization, string project, string? target, string? environment, int keyVersion)
    {
        var blob = SecretsBlob.Seal(s_key, "A=1\n", s_iv, s_environment);

        Assert.Equal(BlobOpenStatus.NotBoundHere, SecretsBlob.TryOpen(s_key, blob, new BlobPlace(organization, project, target, environment, keyVersion), out var text));
        Assert.Null(text);
    }

    [Fact]
    public void Open_OfAV1Blob_IgnoresThePlace_AndAWrongKeyIsAnAuthenticationFailure()
    {
        var v1 = SecretsBlob.Encrypt(s_key, "A=1\n");
        var otherKey = new byte[32];

        Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpen(s_key, v1, s_environment, out var text));
        Assert.Equal("A=1\n", text);
        Assert.Equal(BlobOpenStatus.AuthenticationFailed, SecretsBlob.TryOpen(otherKey, v1, s_environment, out _));
        Assert.False(SecretsBlob.TryDecrypt(s_key, SecretsBlob.Seal(s_key, "A=1\n", s_environment), out _));
    }

    [Theory]
    [InlineData("v2:")]
    [InlineData("v2:AAAA")]
    [InlineData("v3:AAECAwQFBgcICQoLRdBxzRot/YLJyhUP8k7WbQ==")]
    [InlineData("v2: AAECAwQFBgcICQoLRdBxzRot/YLJyhUP8k7WbQ==")]
    public void Open_OfAMalformedBlob_IsMalformed(string blob)
    {
        Assert.False(SecretsBlob.IsWellFormed(blob));
        Assert.Equal(BlobOpenStatus.Malformed, SecretsBlob.TryOpen(s_key, blob, s_environment, out _));
    }

    [Fact]
    public void AssociatedData_IsTheDomainThenLengthPrefixedFields_AbsentIdsEmpty()
    {
        var aad = new BlobPlace("o", "pp", null, null, 12).ToAssociatedData();

        var expected = Encoding.ASCII.GetBytes("envelope:blob:v2")
            .Concat(new byte[] { 0, 1, (byte)'o', 0, 2, (byte)'p', (byte)'p', 0, 0, 0, 0, 0, 2, (byte)'1', (byte)'2' });
        Assert.Equal(expected, aad);
    }
}
