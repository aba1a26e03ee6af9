using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Envelope.Crypto;

namespace Envelope.Cli.Secrets;

/// <summary>
/// The Argon2id cost of a new passphrase-keyed key: RFC 9106's 64 MiB and 3 passes unless chosen, within the bounds the
/// server (and every client reading the metadata back) accepts.
/// </summary>
internal sealed class PassphraseKdfOptions
{
    public Option<int?> MemoryKib { get; } = new("--kdf-memory-kib")
    {
        Description = string.Create(CultureInfo.InvariantCulture,
            $"With a passphrase: Argon2id memory in KiB ({PassphraseKdf.MinimumMemoryKiB}-{PassphraseKdf.MaximumMemoryKiB}, default {PassphraseKdf.DefaultMemoryKiB}). Every client pays it on each derivation."),
    };

    public Option<int?> Iterations { get; } = new("--kdf-iterations")
    {
        Description = string.Create(CultureInfo.InvariantCulture,
            $"With a passphrase: Argon2id passes ({PassphraseKdf.MinimumIterations}-{PassphraseKdf.MaximumIterations}, default {PassphraseKdf.DefaultIterations})."),
    };

    public bool IsGiven(ParseResult parseResult) => parseResult.GetValue(MemoryKib) is not null || parseResult.GetValue(Iterations) is not null;

    /// <summary>The chosen (or default) parameters with a fresh salt; out-of-bounds choices are a usage error.</summary>
    public PassphraseKdf Create(ParseResult parseResult)
    {
        var kdf = new PassphraseKdf(
            parseResult.GetValue(MemoryKib) ?? PassphraseKdf.DefaultMemoryKiB,
            parseResult.GetValue(Iterations) ?? PassphraseKdf.DefaultIterations,
            PassphraseKdf.DefaultParallelism,
            RandomNumberGenerator.GetBytes(PassphraseKdf.SaltSize));
        if (PassphraseKdf.Validate(kdf.Algorithm, kdf.Version, kdf.MemoryKiB, kdf.Iterations, kdf.Parallelism, PassphraseKdf.SaltSize) is { } problem)
        {
            throw CliException.Usage($"--kdf-{(problem.Field == "memory_kib" ? "memory-kib" : problem.Field)}: {problem.Message} Nothing was changed.");
        }

        return kdf;
    }
}
