using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Envelope.Crypto;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Console;

/// <summary>
/// The console's envcrypto.js, run in Node (WebCrypto is the same API there as in the browser), against the shared
/// test vectors and against Envelope.Crypto's own .env parser on the dialect's corner cases.
/// </summary>
public sealed class ConsoleCryptoTests
{
    private static readonly string[] DotEnvCases =
    [
        "A=1\nB=2\n",
        "# comment\nexport KEY=value\n",
        "KEY=a#b\nOTHER= #x\nHASH=#x\nINLINE=value # note\n",
        "Q1='single \"quoted\"'\nQ2=\"double \\\"escaped\\\" \\n newline\"\nQ3=`back`\n",
        "MULTI=\"line one\nline two\"\nAFTER=1\n",
        "EMPTY=\nEMPTY2=\"\"\nEMPTY3=''\n",
        "DUP=first\nX=1\nDUP=last\n",
        "# @tags: db, prod\nDATABASE_URL=postgres://u:p@db/app\n\n# @tags: cache\n# plain comment\nREDIS=redis://\n",
        "  KEY  =  spaced value  \r\nCRLF=yes\r\n",
        "UNICODE=héllo wörld ✓\nBACKSLASH=\"a\\\\b\\x\"\n",
    ];

    [Fact]
    public async Task The_console_reproduces_the_shared_vectors_and_parses_env_text_as_the_server_does()
    {
        var result = await RunNodeAsync();
        Assert.True(result["vectors"]!.GetValue<bool>(), result["vector_failures"]?.ToJsonString());

        var parsed = result["dotenv"]!.AsArray();
        for (var i = 0; i < DotEnvCases.Length; i++)
        {
            var expected = DotEnv.Parse(DotEnvCases[i]).Select(e => new { key = e.Key, value = e.Value, tags = e.Tags });
            Assert.Equal(JsonSerializer.Serialize(expected), parsed[i]!["entries"]!.ToJsonString());
            // What the console writes, the server reads back to the same entries.
            Assert.Equal(JsonSerializer.Serialize(expected),
                JsonSerializer.Serialize(DotEnv.Parse(parsed[i]!["serialized"]!.GetValue<string>()).Select(e => new { key = e.Key, value = e.Value, tags = e.Tags })));
        }
    }

    private static async Task<JsonNode> RunNodeAsync()
    {
        var module = Path.Combine(RepositoryLayout.Root, "src", "Envelope.Server", "wwwroot", "console", "assets", "envcrypto.js");
        var vectors = Path.Combine(RepositoryLayout.Root, "..", "shared", "vectors", "crypto.json");
        if (!File.Exists(vectors))
        {
            vectors = Path.Combine(RepositoryLayout.Root, "tests", "Envelope.Crypto.Tests", "vectors", "crypto.json");
        }

        var v2Vectors = Path.Combine(RepositoryLayout.Root, "tests", "Envelope.Crypto.Tests", "vectors", "crypto-v2.json");

        var script = $$"""
            const m = await import({{JsonSerializer.Serialize(new Uri(module).AbsoluteUri)}});
            const fs = await import('node:fs');
            const vectors = JSON.parse(fs.readFileSync({{JsonSerializer.Serialize(vectors)}}, 'utf8'));
            const v2 = JSON.parse(fs.readFileSync({{JsonSerializer.Serialize(v2Vectors)}}, 'utf8'));
            const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
            const hex = bytes => Buffer.from(bytes).toString('hex');
            const failures = [];
            for (const v of vectors.padKey) if (hex(m.padKey(v.key)) !== v.padded_hex) failures.push(['padKey', v.key]);
            for (const v of vectors.key_proof) if (await m.keyProof(m.padKey(v.key), v.key_check_salt, v.iterations) !== v.proof) failures.push(['proof', v.key]);
            for (const v of vectors.blob) {
              const key = m.padKey(v.key);
              if (await m.decryptBlob(key, v.blob) !== v.plaintext) failures.push(['blob', v.blob]);
              if (await m.decryptBlob(key, await m.encryptBlob(key, v.plaintext)) !== v.plaintext) failures.push(['round trip', v.blob]);
            }
            for (const v of v2.blob_v2) {
              const key = m.padKey(v.key);
              const level = { place: v.place, key_version: v.key_version };
              if (hex(m.blobAssociatedData(v.place, v.key_version)) !== v.aad_hex) failures.push(['v2 aad', v.name]);
              if (await m.encryptBlob(key, v.plaintext, v.place, v.key_version, Buffer.from(v.iv_hex, 'hex')) !== v.blob) failures.push(['v2 seal', v.name]);
              if (await m.decryptBlob(key, v.blob, level) !== v.plaintext) failures.push(['v2 open', v.name]);
            }
            for (const v of v2.open) {
              let outcome;
              try {
                outcome = await m.decryptBlob(m.padKey(v.key), v.blob, { place: v.place, key_version: v.key_version }) === v.plaintext ? 'opened' : 'wrong_plaintext';
              } catch (e) {
                outcome = e instanceof m.NotBoundHereError ? 'not_bound_here' : e instanceof m.WrongKeyError ? 'authentication_failed' : String(e);
              }
              if (outcome !== v.expected) failures.push(['v2 ' + v.expected, v.name, outcome]);
            }
            if (v2.blob_v2.length + v2.open.length !== 12) failures.push(['v2 vectors', v2.blob_v2.length + v2.open.length]);
            const dotenv = cases.map(text => { const entries = m.parseDotEnv(text); return { entries, serialized: m.serializeDotEnv(entries) }; });
            console.log(JSON.stringify({ vectors: failures.length === 0, vector_failures: failures, dotenv }));
            """;
        var start = new ProcessStartInfo("node", ["--input-type=module", "-e", script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(DotEnvCases));
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, await error);
        return JsonNode.Parse(await output)!;
    }
}
