using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Envelope.Server.Data.Entities;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Envelope.Server.Tests.Features.Console;

/// <summary>
/// Passphrase-keyed projects in the console, in real headless Chromium under the console's real policy: passphrase.js
/// (the vendored hash-wasm Argon2id, WebAssembly) derives the kdf.json vectors' keys, and a typed passphrase opens a
/// project whose key .NET derived.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ConsolePassphraseTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    private const string Passphrase = "correct horse battery staple";

    [Fact]
    public async Task The_browser_derives_the_kdf_vectors_keys_under_the_console_policy()
    {
        var (email, _) = await browser.CreateUserAsync(MembershipRole.Owner);
        var page = await browser.SignInAsync(email);
        var shell = await page.ReloadAsync();
        Assert.Contains("'wasm-unsafe-eval'", shell!.Headers["content-security-policy"], StringComparison.Ordinal);

        var vectors = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryLayout.Root, "tests", "Envelope.Crypto.Tests", "vectors", "kdf.json")))
            .RootElement.GetProperty("argon2id");
        var derived = await page.EvaluateAsync<string[]>("""
            async vectors => {
              const { deriveKey } = await import('/console/assets/passphrase.js');
              const keys = [];
              for (const v of JSON.parse(vectors)) keys.push(await deriveKey(v.passphrase, v));
              return keys;
            }
            """, vectors.GetRawText());

        Assert.Equal(vectors.EnumerateArray().Select(v => v.GetProperty("key").GetString()), derived);
        // Parameters out of the clients' bounds are refused before any memory is taken.
        var refused = await page.EvaluateAsync<string>("""
            async () => {
              const { deriveKey } = await import('/console/assets/passphrase.js');
              try { await deriveKey('x', { algorithm: 'argon2id', version: 19, memory_kib: 1 << 22, iterations: 3, parallelism: 1, salt: 'AAECAwQFBgcICQoLDA0ODw==' }); return 'derived'; }
              catch (e) { return e.message; }
            }
            """);
        Assert.Contains("out of bounds", refused, StringComparison.Ordinal);
        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task A_typed_passphrase_opens_a_project_whose_key_was_derived_elsewhere_and_a_wrong_one_does_not()
    {
        var (email, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        var kdf = new PassphraseKdf(PassphraseKdf.MinimumMemoryKiB, PassphraseKdf.MinimumIterations, 1, RandomNumberGenerator.GetBytes(PassphraseKdf.SaltSize));
        var key = KnownSecrets.Register(PassphraseKey.Derive(Passphrase, kdf));
        var salt = KeyProof.GenerateSalt();
        var proof = KnownSecrets.Register(KeyProof.Compute(key, salt, KeyProof.MinimumIterations));
        await org.CreateProjectAsync("vault", new
        {
            key_management = "client", key_check = proof, key_check_salt = Convert.ToBase64String(salt), key_check_iterations = KeyProof.MinimumIterations,
            kdf = new { algorithm = "argon2id", version = 19, memory_kib = kdf.MemoryKiB, iterations = kdf.Iterations, parallelism = kdf.Parallelism, salt = Convert.ToBase64String(kdf.Salt) },
        });
        (await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "vault", content = SecretsBlob.EncryptWithClientKey(key, "GREETING=from-dotnet\n"), key_proof = proof })).EnsureSuccessStatusCode();

        var requests = new List<IRequest>();
        var page = await browser.SignInAsync(email, requests);
        await page.GotoAsync($"/console/{org.Id}/secrets/vault");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Project passphrase" })).ToBeVisibleAsync();
        await page.GetByTestId("client-key-input").FillAsync(Passphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use passphrase" }).ClickAsync();
        var row = page.GetByTestId("merged").Locator("tr[data-key=GREETING]");
        await row.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(row).ToContainTextAsync("from-dotnet");

        await page.GetByTestId("client-key-input").FillAsync("not the passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use passphrase" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not the key", new() { Timeout = 60_000 });

        foreach (var request in requests)
        {
            var everything = request.Url + string.Join('\n', (await request.AllHeadersAsync()).Select(h => h.Key + ":" + h.Value)) + request.PostData;
            Assert.DoesNotContain(Passphrase, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        }

        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task A_project_created_in_the_console_from_a_passphrase_is_opened_by_the_same_derivation_as_the_cli()
    {
        var (email, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        var requests = new List<IRequest>();
        var page = await browser.SignInAsync(email, requests);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Vault");
        await page.GetByLabel("Key management").SelectOptionAsync("client");
        await page.GetByLabel("Key source").SelectOptionAsync("passphrase");
        await page.GetByLabel("Passphrase", new() { Exact = true }).FillAsync(Passphrase);
        await page.GetByLabel("Passphrase again").FillAsync(Passphrase + " typo");
        await ConsoleBrowser.ScreenshotAsync(page, "passphrase-project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The two passphrases differ");
        Assert.Equal(HttpStatusCode.NotFound, (await org.Owner.GetAsync($"/api/v1/{org.Id}/projects/vault")).StatusCode);

        await page.GetByLabel("Passphrase again").FillAsync(Passphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Project Vault created.", new() { Exact = false })).ToBeVisibleAsync(new() { Timeout = 90_000 });
        Assert.Equal(0, await page.GetByTestId("client-key").CountAsync());

        // The stored metadata is the CLI's default, under a salt of its own.
        var project = (await org.Owner.GetFromJsonAsync<JsonNode>($"/api/v1/{org.Id}/projects/vault"))!["data"]!;
        var stored = project["kdf"]!;
        Assert.Equal("argon2id", stored["algorithm"]!.GetValue<string>());
        Assert.Equal(19, stored["version"]!.GetValue<int>());
        Assert.Equal(PassphraseKdf.DefaultMemoryKiB, stored["memory_kib"]!.GetValue<int>());
        Assert.Equal(PassphraseKdf.DefaultIterations, stored["iterations"]!.GetValue<int>());
        Assert.Equal(PassphraseKdf.DefaultParallelism, stored["parallelism"]!.GetValue<int>());
        var salt = Convert.FromBase64String(stored["salt"]!.GetValue<string>());
        Assert.Equal(PassphraseKdf.SaltSize, salt.Length);

        await page.GetByRole(AriaRole.Link, new() { Name = "Open Vault" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Project secrets" }).ClickAsync();
        await page.GetByTestId("client-key-input").FillAsync(Passphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use passphrase" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add variable" }).ClickAsync(new() { Timeout = 60_000 });
        await page.Locator("input.entry-key").Last.FillAsync("GREETING");
        await page.Locator("input.entry-value").Last.FillAsync("from-the-browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Saved: a new version was recorded.")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // The CLI's and Envelope.Client's derivation (Envelope.Crypto's PassphraseKey under the metadata the server
        // hands out) gives the key the browser used: it opens the browser's blob, and its proof is the one the
        // browser registered, so the server accepts a write made with it.
        var key = KnownSecrets.Register(PassphraseKey.Derive(Passphrase,
            new PassphraseKdf(stored["memory_kib"]!.GetValue<int>(), stored["iterations"]!.GetValue<int>(), stored["parallelism"]!.GetValue<int>(), salt)));
        var level = (await org.Owner.GetFromJsonAsync<JsonNode>($"/api/v1/{org.Id}/vault/secrets"))!["data"]!["attributes"]!["levels"]!["project"]!;
        var place = level["place"]!;
        Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(key, level["content"]!.GetValue<string>(),
            new BlobPlace(place["organization_id"]!.GetValue<string>(), place["project_id"]!.GetValue<string>(), null, null, level["key_version"]!.GetValue<int>()), out var text));
        Assert.Equal("GREETING=\"from-the-browser\"\n", text);
        var descriptor = (await org.Owner.GetFromJsonAsync<JsonNode>($"/api/v1/{org.Id}/vault/encryption-key"))!["data"]!;
        var proof = KeyProof.Compute(key, Convert.FromBase64String(descriptor["key_check_salt"]!.GetValue<string>()), descriptor["key_check_iterations"]!.GetValue<int>());
        (await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store",
            new { project = "vault", content = SecretsBlob.EncryptWithClientKey(key, "GREETING=from-dotnet\n"), key_proof = proof })).EnsureSuccessStatusCode();

        await page.ReloadAsync();
        await page.GetByTestId("client-key-input").FillAsync("not the passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use passphrase" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not the key", new() { Timeout = 60_000 });
        await page.GetByTestId("client-key-input").FillAsync(Passphrase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use passphrase" }).ClickAsync();
        var row = page.GetByTestId("merged").Locator("tr[data-key=GREETING]");
        await row.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(row).ToContainTextAsync("from-dotnet");

        foreach (var request in requests)
        {
            var everything = request.Url + string.Join('\n', (await request.AllHeadersAsync()).Select(h => h.Key + ":" + h.Value)) + request.PostData;
            Assert.DoesNotContain(Passphrase, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        }

        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }
}
