using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Envelope.Server.Features.Users;

/// <summary>
/// Argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane), stored as
/// <c>argon2id$m$t$p$salt$hash</c> so the parameters can be raised without invalidating old hashes.
/// </summary>
internal static class PasswordHasher
{
    private const int MemoryKiB = 19 * 1024;
    private const int Iterations = 2;
    private const int Parallelism = 1;
    private const int SaltSize = 16;
    private const int HashSize = 32;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Derive(password, salt, MemoryKiB, Iterations, Parallelism);
        return string.Join('$', "argon2id", MemoryKiB, Iterations, Parallelism, Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts is not ["argon2id", var m, var t, var p, var salt, var hash])
        {
            return false;
        }

        var expected = Convert.FromBase64String(hash);
        var actual = Derive(password, Convert.FromBase64String(salt),
            int.Parse(m, CultureInfo.InvariantCulture), int.Parse(t, CultureInfo.InvariantCulture), int.Parse(p, CultureInfo.InvariantCulture));
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A hash of nothing in particular, checked when the email is unknown so both paths take as long.</summary>
    public static readonly string Decoy = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    private static byte[] Derive(string password, byte[] salt, int memoryKiB, int iterations, int parallelism)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKiB,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
        };
        return argon.GetBytes(HashSize);
    }
}
