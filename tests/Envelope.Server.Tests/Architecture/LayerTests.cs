using System.Text.RegularExpressions;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Architecture;

/// <summary>
/// The server's lower folders reference only the folders below them and never a feature (docs/architecture.md), so a
/// feature can change without reaching into Data, Auth or Keys, and those can be read without knowing any feature.
/// </summary>
public sealed partial class LayerTests
{
    private static readonly Dictionary<string, string[]> MayReference = new()
    {
        ["Infrastructure"] = [],
        ["Data"] = ["Infrastructure"],
        ["Keys"] = ["Data", "Infrastructure"],
        ["Auth"] = ["Data", "Infrastructure"],
        ["RateLimiting"] = ["Auth", "Data", "Infrastructure"],
        ["OpenApi"] = ["Auth"],
    };

    public static TheoryData<string> LowerFolders => [.. MayReference.Keys];

    [Theory]
    [MemberData(nameof(LowerFolders))]
    public void LowerFolder_References_OnlyTheFoldersBelowIt(string folder)
    {
        var allowed = MayReference[folder].Append(folder).ToHashSet();
        var offending = (
            from file in SourceFiles(folder)
            from reference in ServerNamespaces(File.ReadAllText(file))
            where !allowed.Contains(reference)
            select $"{Path.GetRelativePath(RepositoryLayout.Root, file)} names {reference}").Distinct().ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void ServerNamespaces_InSource_AreFound()
    {
        // The scan itself, on the forms a reference can take: a using, a qualified name, a name relative to Envelope.Server.
        const string source = """
            using Envelope.Server.Features.Console;
            var a = Envelope.Server.Keys.MasterKey.Load();
            var b = Features.OAuth.OAuthEndpoints.BasePath;
            var c = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            """;

        Assert.Equal(["Features", "Keys", "Features"], ServerNamespaces(source));
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "src", "Envelope.Server", folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static List<string> ServerNamespaces(string source) =>
        [.. ServerNamespace().Matches(source).Select(match => match.Groups["qualified"].Success ? match.Groups["qualified"].Value : match.Groups["relative"].Value)];

    // Envelope.Server.X anywhere, or Features.X.Y written relative to the server's namespace (not a member access such
    // as context.Features, which a dot or a word before it gives away).
    [GeneratedRegex(@"\bEnvelope\.Server\.(?<qualified>[A-Z]\w*)|(?<![\w.])(?<relative>Features)\.[A-Z]\w*\.")]
    private static partial Regex ServerNamespace();
}
