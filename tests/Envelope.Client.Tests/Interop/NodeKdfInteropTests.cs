using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Envelope.Client.Tests.Infrastructure;
using Envelope.Crypto;

namespace Envelope.Client.Tests.Interop;

/// <summary>
/// The passphrase KDF in Node with the hash-wasm build the web console serves: it reproduces vectors/kdf.json, and it
/// derives the key this library derives from the metadata a real server hands back.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class NodeKdfInteropTests(EnvelopeServer server)
{
    [Fact]
    public async Task TheConsolesHashWasm_InNode_ReproducesTheKdfVectors() =>
        Assert.Equal("5", await NodeAsync("vectors", Path.Combine(AppContext.BaseDirectory, "Interop", "kdf.json")));

    [Fact]
    public async Task NodeDerivesFromTheServersMetadata_TheKeyThisLibraryCreatedTheProjectWith()
    {
        using var org = await server.CreateOrganizationAsync();
        var kdf = new PassphraseKdf(PassphraseKdf.MinimumMemoryKiB, PassphraseKdf.MinimumIterations, 2, RandomNumberGenerator.GetBytes(PassphraseKdf.SaltSize));
        var passphrase = "pässphrase " + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        var (request, key) = ClientManagedSecrets.CreatePassphraseProjectRequest("node", passphrase, "node", kdf);
        await org.Owner.Projects.CreateAsync(request);

        var stored = (await org.Owner.Projects.GetAsync("node")).Kdf!;
        var derived = await NodeAsync("derive", passphrase, stored.Salt,
            stored.MemoryKib.ToString(CultureInfo.InvariantCulture), stored.Iterations.ToString(CultureInfo.InvariantCulture), stored.Parallelism.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(key, derived);
    }

    private static async Task<string> NodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Interop", "envelope-kdf.mjs"));
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Interop", "hash-wasm", "argon2.umd.min.js"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }
}
