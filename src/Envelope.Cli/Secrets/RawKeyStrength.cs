namespace Envelope.Cli.Secrets;

/// <summary>
/// New keys must be full strength: a raw key given to <c>init</c>, <c>projects create</c> or <c>keys rotate</c> is
/// base64 of 32 bytes, or it goes through the passphrase KDF. A short raw key would only be <c>padKey</c>-ed, and the
/// stored key check would let whoever reads the database guess it at PBKDF2's cost. Keys of existing projects are
/// never judged: they keep working.
/// </summary>
internal static class RawKeyStrength
{
    public const string ErrorCode = "weak_key";

    public static string EnsureFull(string key, string what)
    {
        Span<byte> decoded = stackalloc byte[48];
        if (Convert.TryFromBase64String(key, decoded, out var written) && written == Envelope.Crypto.SecretsBlob.KeySize)
        {
            decoded.Clear();
            return key;
        }

        decoded.Clear();
        throw new CliException(ExitCodes.WeakKey, ErrorCode,
            $"{what} is not a generated key (base64 of 32 random bytes), so it would protect the secrets only as well as it is long. "
            + "Leave the key out to have one generated, or use --passphrase to stretch something memorable with Argon2id. Nothing was changed.");
    }
}
