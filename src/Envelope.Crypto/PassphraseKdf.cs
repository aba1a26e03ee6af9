using System.Security.Cryptography;

namespace Envelope.Crypto;

/// <summary>
/// The Argon2id parameters and salt a passphrase-keyed project stores with its key metadata. They are public: anyone
/// who may read the project's metadata may see them; only the passphrase stays with its holder.
/// </summary>
/// <remarks>
/// The bounds protect clients as much as the key: a server (or whoever controls its answers) cannot make a client
/// allocate gigabytes, and no project can be created with parameters cheaper than OWASP's Argon2id floor.
/// </remarks>
public sealed class PassphraseKdf
{
    /// <summary>The only algorithm: Argon2id (RFC 9106).</summary>
    public const string Argon2id = "argon2id";

    /// <summary>Argon2 version 1.3 (0x13), the only version.</summary>
    public const int Argon2Version = 0x13;

    /// <summary>The memory new passphrases use, in KiB (64 MiB).</summary>
    public const int DefaultMemoryKiB = 64 * 1024;

    /// <summary>The passes new passphrases use.</summary>
    public const int DefaultIterations = 3;

    /// <summary>The lanes new passphrases use.</summary>
    public const int DefaultParallelism = 1;

    /// <summary>The least memory accepted, in KiB: OWASP's 19 MiB.</summary>
    public const int MinimumMemoryKiB = 19 * 1024;

    /// <summary>The most memory accepted, in KiB (256 MiB): more would fail in a browser tab or a small container.</summary>
    public const int MaximumMemoryKiB = 256 * 1024;

    /// <summary>The fewest passes accepted: OWASP's two at 19 MiB.</summary>
    public const int MinimumIterations = 2;

    /// <summary>The most passes accepted.</summary>
    public const int MaximumIterations = 16;

    /// <summary>The most lanes accepted.</summary>
    public const int MaximumParallelism = 8;

    /// <summary>The salt size new passphrases use, in bytes.</summary>
    public const int SaltSize = 16;

    /// <summary>The longest salt accepted, in bytes.</summary>
    public const int MaximumSaltSize = 64;

    /// <summary>Creates parameters; <see cref="Validate"/> says whether they are acceptable.</summary>
    /// <param name="memoryKiB">Argon2 <c>m</c>, in KiB.</param>
    /// <param name="iterations">Argon2 <c>t</c>, the passes.</param>
    /// <param name="parallelism">Argon2 <c>p</c>, the lanes.</param>
    /// <param name="salt">The salt.</param>
    public PassphraseKdf(int memoryKiB, int iterations, int parallelism, ReadOnlySpan<byte> salt)
    {
        MemoryKiB = memoryKiB;
        Iterations = iterations;
        Parallelism = parallelism;
        _salt = salt.ToArray();
    }

    private readonly byte[] _salt;

    /// <summary>The algorithm, always <see cref="Argon2id"/>.</summary>
    public string Algorithm => Argon2id;

    /// <summary>The Argon2 version, always <see cref="Argon2Version"/>.</summary>
    public int Version => Argon2Version;

    /// <summary>Argon2 <c>m</c>, in KiB.</summary>
    public int MemoryKiB { get; }

    /// <summary>Argon2 <c>t</c>, the passes over memory.</summary>
    public int Iterations { get; }

    /// <summary>Argon2 <c>p</c>, the lanes.</summary>
    public int Parallelism { get; }

    /// <summary>The salt.</summary>
    public ReadOnlySpan<byte> Salt => _salt;

    /// <summary>The default parameters with a fresh random salt of <see cref="SaltSize"/> bytes.</summary>
    /// <returns>Parameters for a new passphrase.</returns>
    public static PassphraseKdf CreateDefault() =>
        new(DefaultMemoryKiB, DefaultIterations, DefaultParallelism, RandomNumberGenerator.GetBytes(SaltSize));

    /// <summary>
    /// Checks stored or received parameters: the algorithm and version must be the known ones and every parameter within
    /// its bounds. Returns the first problem, named by its metadata field, or <see langword="null"/>.
    /// </summary>
    /// <param name="algorithm">The stored <c>algorithm</c>.</param>
    /// <param name="version">The stored <c>version</c>.</param>
    /// <param name="memoryKiB">The stored <c>memory_kib</c>.</param>
    /// <param name="iterations">The stored <c>iterations</c>.</param>
    /// <param name="parallelism">The stored <c>parallelism</c>.</param>
    /// <param name="saltLength">The decoded salt's length.</param>
    /// <returns>(field, message) of the first problem, or <see langword="null"/> when the parameters are acceptable.</returns>
    public static (string Field, string Message)? Validate(string? algorithm, int? version, int? memoryKiB, int? iterations, int? parallelism, int? saltLength)
    {
        if (algorithm != Argon2id)
            return ("algorithm", $"Must be \"{Argon2id}\".");
        if (version != Argon2Version)
            return ("version", $"Must be {Argon2Version} (Argon2 1.3).");
        if (parallelism is not (>= 1 and <= MaximumParallelism))
            return ("parallelism", $"Must be between 1 and {MaximumParallelism}.");
        if (memoryKiB is not (>= MinimumMemoryKiB and <= MaximumMemoryKiB))
            return ("memory_kib", $"Must be between {MinimumMemoryKiB} and {MaximumMemoryKiB} KiB.");
        if (iterations is not (>= MinimumIterations and <= MaximumIterations))
            return ("iterations", $"Must be between {MinimumIterations} and {MaximumIterations}.");
        if (saltLength is not (>= SaltSize and <= MaximumSaltSize))
            return ("salt", $"Must be base64 of {SaltSize} to {MaximumSaltSize} bytes.");
        return null;
    }

    /// <summary>Throws when these parameters fall outside the accepted bounds.</summary>
    /// <exception cref="ArgumentException">A parameter is out of bounds.</exception>
    public void EnsureValid()
    {
        if (Validate(Algorithm, Version, MemoryKiB, Iterations, Parallelism, _salt.Length) is { } problem)
            throw new ArgumentException($"Passphrase KDF {problem.Field}: {problem.Message}");
    }
}
