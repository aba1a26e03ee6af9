using Envelope.Client.Models;
using Envelope.Crypto;

namespace Envelope.Client.Internal;

/// <summary>
/// The proof of a client key under the project's current proof parameters. Deriving it costs PBKDF2's iterations (a
/// quarter of a second at the default), so it is derived once per key version, salt and iteration count.
/// </summary>
internal sealed class ProofCache(EncryptionKeysClient keys, string project, string key)
{
    // A reference, swapped whole, so concurrent pushes never see a torn entry.
    private Cached? _cached;

    public async Task<string> CurrentAsync(CancellationToken cancellationToken) =>
        (await CurrentKeyAsync(cancellationToken).ConfigureAwait(false)).Proof;

    /// <summary>The proof and the key version it proves: the version a v2 blob sealed with this key is bound to.</summary>
    public async Task<(string Proof, int KeyVersion)> CurrentKeyAsync(CancellationToken cancellationToken)
    {
        var current = await keys.GetAsync(project, cancellationToken).ConfigureAwait(false);
        if (current.Managed != KeyManagement.Client)
        {
            throw new InvalidOperationException($"Project '{project}' is server-managed: use ServerManagedSecrets, not a client key.");
        }

        if (current.KeyCheckSalt is not { } salt || current.KeyCheckIterations is not { } iterations)
        {
            throw new InvalidOperationException($"Project '{project}' has no key check: the server cannot verify a client key for it.");
        }

        if (_cached is { } cached && cached.Version == current.Version && cached.Salt == salt && cached.Iterations == iterations)
        {
            return (cached.Proof, cached.Version);
        }

        var proof = KeyProof.Compute(key, Convert.FromBase64String(salt), iterations);
        _cached = new Cached(current.Version, salt, iterations, proof);
        return (proof, current.Version);
    }

    private sealed class Cached(int version, string salt, int iterations, string proof)
    {
        public int Version => version;

        public string Salt => salt;

        public int Iterations => iterations;

        public string Proof => proof;
    }
}
