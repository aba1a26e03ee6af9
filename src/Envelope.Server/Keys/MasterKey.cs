using System.Security.Cryptography;
using System.Text;
using Envelope.Server.Data;

namespace Envelope.Server.Keys;

/// <summary>
/// Wraps and unwraps project data keys: AES-256-GCM under the master key, with the project id and key version as
/// associated data, so a wrapped key copied onto another project or version fails to unwrap.
/// </summary>
internal sealed partial class MasterKey
{
    private const int IvSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    /// <summary>A retired master key that still unwraps what it wrapped, until a re-wrap has moved everything.</summary>
    public MasterKey? Previous { get; init; }

    public MasterKey(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The master key must be 32 bytes.", nameof(key));
        }

        _key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    /// <summary>
    /// A key for another purpose (e.g. signing OAuth tokens), derived with HKDF so that every node holding the master
    /// key derives the same one and no purpose's key reveals another's.
    /// </summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: Encoding.UTF8.GetBytes("envelope:" + purpose));

    /// <summary>
    /// The key that signs audit checkpoints and hashes identities in audit events (HKDF, info "envelope audit
    /// checkpoint v1"). Never logged; an auditor holding it can check checkpoints without the master key itself.
    /// </summary>
    public byte[] DeriveAuditKey() => HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: "envelope audit checkpoint v1"u8.ToArray());

    /// <summary>A fingerprint naming this master key, stored beside every key it wraps; reveals nothing of the key.</summary>
    public string Id { get; }

    public byte[] Wrap(ReadOnlySpan<byte> dataKey, string projectId, int version)
    {
        var wrapped = new byte[IvSize + dataKey.Length + TagSize];
        var iv = wrapped.AsSpan(0, IvSize);
        RandomNumberGenerator.Fill(iv);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(iv, dataKey, wrapped.AsSpan(IvSize, dataKey.Length), wrapped.AsSpan(IvSize + dataKey.Length), AssociatedData(projectId, version));
        return wrapped;
    }

    /// <summary>
    /// The key named <paramref name="masterKeyId"/>: this one, or <see cref="Previous"/> while a rotation is under way.
    /// An unknown or missing id gives this key, so what it sealed fails to open rather than opening with a guess.
    /// </summary>
    public MasterKey Named(string? masterKeyId) =>
        masterKeyId is not null && masterKeyId != Id && Previous?.Id == masterKeyId ? Previous : this;

    /// <summary>Unwraps with whichever of this key and <see cref="Previous"/> wrapped it (by <paramref name="masterKeyId"/>).</summary>
    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, string projectId, int version, string? masterKeyId) =>
        Named(masterKeyId).Unwrap(wrapped, projectId, version);

    /// <exception cref="CryptographicException">The wrapped key was not made by this master key for this project and version.</exception>
    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, string projectId, int version)
    {
        var length = wrapped.Length - IvSize - TagSize;
        var dataKey = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(wrapped[..IvSize], wrapped.Slice(IvSize, length), wrapped[(IvSize + length)..], dataKey, AssociatedData(projectId, version));
        return dataKey;
    }

    private static byte[] AssociatedData(string projectId, int version) => Encoding.UTF8.GetBytes($"{projectId}:{version}");

    /// <summary>
    /// From ENVELOPE_MASTER_KEY, else ENVELOPE_MASTER_KEY_FILE, else the systemd credential
    /// <c>$CREDENTIALS_DIRECTORY/envelope-master-key</c>, else data/master.key (generated once, mode 0600); with
    /// ENVELOPE_PREVIOUS_MASTER_KEY as its <see cref="Previous"/>. A key file that group or others may read is refused.
    /// </summary>
    public static MasterKey Load(MasterKeyOptions options, StorageOptions storage, ILogger logger)
    {
        var current = LoadCurrent(options, storage, logger);
        return string.IsNullOrWhiteSpace(options.PreviousMasterKey)
            ? current
            : new MasterKey(current._key) { Previous = new MasterKey(Decode(options.PreviousMasterKey, "ENVELOPE_PREVIOUS_MASTER_KEY")) };
    }

    public static MasterKey FromBase64(string base64, string source) => new(Decode(base64, source));

    private static MasterKey LoadCurrent(MasterKeyOptions options, StorageOptions storage, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(options.MasterKey))
        {
            return new MasterKey(Decode(options.MasterKey, "ENVELOPE_MASTER_KEY"));
        }

        if (!string.IsNullOrWhiteSpace(options.MasterKeyFile))
        {
            return FromFile(options.MasterKeyFile);
        }

        if (options.CredentialFile is { } credential)
        {
            return FromFile(credential);
        }

        var path = Path.Combine(storage.DataDirectory, "master.key");
        if (File.Exists(path))
        {
            return FromFile(path);
        }

        Directory.CreateDirectory(storage.DataDirectory);
        var key = RandomNumberGenerator.GetBytes(32);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, Encoding.ASCII, fileOptions))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        LogGenerated(logger, path);
        return new MasterKey(key);
    }

    private static MasterKey FromFile(string path)
    {
        RefuseIfShared(path);
        var text = File.ReadAllText(path);
        return new MasterKey(Decode(text, path));
    }

    /// <summary>Like ssh with a private key: a key file that group or others can read is a key already shared.</summary>
    private static void RefuseIfShared(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & shared) != 0)
        {
            throw new StartupRefusedException(
                $"The master key file {path} can be read by group or others (mode {Convert.ToString((int)mode, 8)}): run chmod 600 {path}.");
        }
    }

    private static byte[] Decode(string base64, string source)
    {
        Span<byte> buffer = stackalloc byte[33];
        try
        {
            if (!TryDecode(base64, buffer))
            {
                throw new InvalidOperationException($"The master key from {source} is not base64 of 32 bytes.");
            }

            return buffer[..32].ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Whether <paramref name="base64"/> is a master key: base64 of exactly 32 bytes.</summary>
    public static bool IsWellFormed(string base64)
    {
        Span<byte> buffer = stackalloc byte[33];
        var wellFormed = TryDecode(base64, buffer);
        CryptographicOperations.ZeroMemory(buffer);
        return wellFormed;
    }

    private static bool TryDecode(string base64, Span<byte> buffer) =>
        Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == 32;

    [LoggerMessage(LogLevel.Warning, "Generated a master key in {Path}. Production should supply its own through ENVELOPE_MASTER_KEY or ENVELOPE_MASTER_KEY_FILE, kept apart from the database.")]
    private static partial void LogGenerated(ILogger logger, string path);
}
