using System.Text.Json;
using System.Text.Json.Nodes;

namespace Envelope.Server.Tests.Infrastructure;

/// <summary>
/// The OpenAPI document is committed (docs/openapi.json) so that API changes show in diffs. Run the tests with
/// ENVELOPE_UPDATE_OPENAPI=1 to refresh it after an intended change.
/// </summary>
public sealed class OpenApiDocumentTests(EnvelopeApplication app) : IClassFixture<EnvelopeApplication>
{
    [Fact]
    public async Task OpenApiDocument_MatchesTheCommittedCopy()
    {
        var served = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        served["servers"] = new JsonArray();
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Path.Combine(RepositoryLayout.Root, "docs", "openapi.json");

        if (Environment.GetEnvironmentVariable("ENVELOPE_UPDATE_OPENAPI") == "1" || !File.Exists(path))
        {
            await File.WriteAllTextAsync(path, text);
        }

        Assert.True(text == await File.ReadAllTextAsync(path), "docs/openapi.json is stale: run the tests with ENVELOPE_UPDATE_OPENAPI=1 and commit it.");
    }
}
