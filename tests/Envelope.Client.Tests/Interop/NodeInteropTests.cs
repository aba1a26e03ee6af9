using System.Diagnostics;
using Envelope.Client.Models;
using Envelope.Client.Tests.Infrastructure;
using Envelope.Crypto;

namespace Envelope.Client.Tests.Interop;

/// <summary>
/// The specification says every consumer computes the proof and the blob identically. A Node.js implementation using
/// only its built-in crypto stores secrets the server accepts and this library reads, and reads what this library
/// stores.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class NodeInteropTests(EnvelopeServer server)
{
    private static readonly LevelPath Level = new("node");

    [Theory]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")]
    [InlineData("correct horse battery staple")]
    [InlineData("a passphrase longer than thirty-two bytes, truncated")]
    public async Task NodeAndDotnet_AgreeOnPadKeyAndTheProof(string key)
    {
        var salt = Convert.ToBase64String(KeyProof.GenerateSalt());

        Assert.Equal(Convert.ToHexStringLower(ClientKey.Pad(key)), await NodeAsync("pad", key));
        Assert.Equal(KeyProof.Compute(key, Convert.FromBase64String(salt), KeyProof.MinimumIterations), await NodeAsync("proof", key, salt, "100000"));
    }

    [Fact]
    public async Task ASecretStoredByNode_IsAcceptedByTheServer_AndReadHere()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        var salt = await NodeAsync("salt");
        var proof = await NodeAsync("proof", key, salt, "100000");
        await org.Owner.Projects.CreateAsync(new CreateProjectRequest
        {
            Name = "node", Slug = "node", KeyManagement = KeyManagement.Client, KeyCheck = proof, KeyCheckSalt = salt, KeyCheckIterations = KeyProof.MinimumIterations,
        });

        var blob = await NodeAsync("encrypt", key, "FROM=node\nMULTI=\"line one\nline two\"\n");
        await org.Owner.Secrets.StoreAsync(Level, blob, proof);

        var pulled = await new ClientManagedSecrets(org.Owner, "node", key).PullAsync(Level);
        Assert.Equal("node", pulled.Merged["FROM"]);
        Assert.Equal("line one\nline two", pulled.Merged["MULTI"]);
    }

    [Fact]
    public async Task ASecretStoredHere_IsReadByNode()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("Node", key, "node", KeyProof.MinimumIterations));
        await new ClientManagedSecrets(org.Owner, "node", key).PushAsync(Level, "FROM=dotnet\n");

        var stored = (await org.Owner.Secrets.ReadAsync(Level)).Project!;

        Assert.StartsWith("v2:", stored.Content, StringComparison.Ordinal);
        Assert.Equal("FROM=dotnet\n", await NodeAsync("open", key, stored.Content, PlaceJson(stored.Place!, stored.KeyVersion)));
    }

    [Fact]
    public async Task AV2SecretSealedByNodeAtItsPlace_IsAcceptedAndReadHere()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        await org.Owner.Projects.CreateAsync(ClientManagedSecrets.CreateProjectRequest("Node", key, "node", KeyProof.MinimumIterations));
        var descriptor = await org.Owner.EncryptionKeys.GetAsync("node");
        var place = (await org.Owner.Secrets.ReadAsync(Level)).Place!;

        var blob = await NodeAsync("seal", key, "FROM=node-v2\n", PlaceJson(place, descriptor.Version));
        await org.Owner.Secrets.StoreAsync(Level, blob, await NodeAsync("proof", key, descriptor.KeyCheckSalt!, $"{descriptor.KeyCheckIterations}"));

        Assert.StartsWith("v2:", blob, StringComparison.Ordinal);
        Assert.Equal("node-v2", (await new ClientManagedSecrets(org.Owner, "node", key).PullAsync(Level)).Merged["FROM"]);
    }

    [Fact]
    public async Task Node_ReproducesTheV2Vectors() =>
        Assert.Equal("12 vectors ok", await NodeAsync("vectors", Path.Combine(AppContext.BaseDirectory, "Interop", "crypto-v2.json")));

    private static string PlaceJson(LevelPlace place, int keyVersion) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["organization_id"] = place.OrganizationId,
        ["project_id"] = place.ProjectId,
        ["target_id"] = place.TargetId,
        ["environment_id"] = place.EnvironmentId,
        ["key_version"] = keyVersion,
    });

    private static async Task<string> NodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Interop", "envelope-crypto.mjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }
}
