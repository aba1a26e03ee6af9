using System.Security.Cryptography;
using System.Text;

namespace Envelope.Server.Auth;

/// <summary>
/// Plaintext API tokens: <c>envl_</c> and 40 base62 characters, a prefix secret scanners can recognise.
/// Only their SHA-256 is stored; a token has 238 bits of entropy, so a fast hash is the right one.
/// </summary>
internal static class ApiTokenSecret
{
    public const string Prefix = "envl_";
    private const int RandomLength = 40;
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate() => Prefix + RandomNumberGenerator.GetString(Base62, RandomLength);

    public static bool HasValidShape(ReadOnlySpan<char> token)
    {
        if (token.Length != Prefix.Length + RandomLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in token[Prefix.Length..])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Enough of the token to tell it apart in a list, far too little to use.</summary>
    public static string DisplayPrefix(string token) => token[..(Prefix.Length + 4)];
}
