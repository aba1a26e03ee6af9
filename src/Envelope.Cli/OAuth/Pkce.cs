using System.Security.Cryptography;
using System.Text;

namespace Envelope.Cli.OAuth;

/// <summary>
/// RFC 7636 proof key: a random verifier stays in this process, only its SHA-256 (S256) goes through the browser, so a
/// code intercepted on its way to the loopback listener is useless to anyone else.
/// </summary>
internal sealed class Pkce
{
    private Pkce(string verifier)
    {
        Verifier = verifier;
        Challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    public string Verifier { get; }

    public string Challenge { get; }

    public const string Method = "S256";

    // 32 random bytes give a 43-character verifier, the shortest RFC 7636 allows, with 256 bits of entropy.
    public static Pkce Create() => new(Base64Url(RandomNumberGenerator.GetBytes(32)));

    /// <summary>A random value for <c>state</c>, checked on the callback so that a forged redirect is refused.</summary>
    public static string RandomState() => Base64Url(RandomNumberGenerator.GetBytes(16));

    internal static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
