using System.Globalization;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>The label of the progress shown while PBKDF2 derives a key check or proof.</summary>
internal static class KeyCheckProgress
{
    public static readonly string Description = string.Create(CultureInfo.InvariantCulture, $"Deriving the key check (PBKDF2-SHA256, {KeyProof.DefaultIterations:N0} iterations)");
}
