using System.Globalization;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>The labels of the progress shown while PBKDF2 derives a key check or proof, or Argon2id a passphrase's key.</summary>
internal static class KeyCheckProgress
{
    public static readonly string Description = string.Create(CultureInfo.InvariantCulture, $"Deriving the key check (PBKDF2-SHA256, {KeyProof.DefaultIterations:N0} iterations)");

    public static string Passphrase(PassphraseKdf kdf) =>
        string.Create(CultureInfo.InvariantCulture, $"Deriving the key from the passphrase (Argon2id, {kdf.MemoryKiB / 1024.0:0.#} MiB, {kdf.Iterations} passes)");

    public static string NewPassphrase(PassphraseKdf kdf) => Passphrase(kdf) + " and its key check (PBKDF2-SHA256)";
}
