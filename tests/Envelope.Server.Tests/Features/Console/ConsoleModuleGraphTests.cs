using System.Text.RegularExpressions;
using Envelope.Server.Tests.Infrastructure;

namespace Envelope.Server.Tests.Features.Console;

/// <summary>
/// The console's ES modules as a graph of their static imports: app.js is the entry that wires the views together, the
/// views and helpers below it never import it, and no module reaches itself again (a cycle makes evaluation order
/// depend on which module a page happens to load first, and makes every module a dependency of every other).
/// </summary>
public sealed partial class ConsoleModuleGraphTests
{
    private const string Entry = "app.js";

    private static readonly string Assets = Path.Combine(RepositoryLayout.Root, "src", "Envelope.Server", "wwwroot", "console", "assets");

    [Fact]
    public void ParseImports_OfEveryModule_ResolvesToModulesOnDisk()
    {
        var graph = ReadGraph();

        // A parser that found nothing would let the other tests pass on any code.
        Assert.NotEmpty(graph[Entry]);
        foreach (var (module, imports) in graph)
        {
            foreach (var imported in imports)
            {
                Assert.True(graph.ContainsKey(imported), $"{module} imports {imported}, which is not a module in {Assets}.");
            }
        }
    }

    [Fact]
    public void ImportEntry_FromAnyOtherModule_IsAbsent()
    {
        var importers = ReadGraph().Where(m => m.Value.Contains(Entry)).Select(m => m.Key).Order(StringComparer.Ordinal).ToList();

        Assert.True(importers.Count == 0, $"{string.Join(", ", importers)} import {Entry}; take what they need from a shared module instead.");
    }

    [Fact]
    public void WalkImports_FromEveryModule_NeverReturnsToAModuleOnThePath()
    {
        var graph = ReadGraph();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        foreach (var module in graph.Keys.Order(StringComparer.Ordinal))
        {
            var cycle = FindCycle(graph, module, path, done);
            Assert.True(cycle is null, $"Import cycle: {string.Join(" → ", cycle ?? [])}");
        }
    }

    /// <summary>Depth-first: the first cycle reachable from <paramref name="module"/>, as the modules along it.</summary>
    private static List<string>? FindCycle(Dictionary<string, List<string>> graph, string module, List<string> path, HashSet<string> done)
    {
        var onPath = path.IndexOf(module);
        if (onPath >= 0)
        {
            return [.. path[onPath..], module];
        }

        if (done.Contains(module))
        {
            return null;
        }

        path.Add(module);
        foreach (var imported in graph.GetValueOrDefault(module) ?? [])
        {
            if (FindCycle(graph, imported, path, done) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        done.Add(module);
        return null;
    }

    /// <summary>Each module (by its path under assets, with '/') and the modules its static imports and re-exports name.</summary>
    private static Dictionary<string, List<string>> ReadGraph()
    {
        var graph = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Assets, "*.js", SearchOption.AllDirectories))
        {
            var directory = Path.GetDirectoryName(file)!;
            graph[Name(file)] = StaticImport().Matches(File.ReadAllText(file))
                .Select(m => Name(Path.GetFullPath(Path.Combine(directory, m.Groups["specifier"].Value))))
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }

        return graph;
    }

    private static string Name(string file) => Path.GetRelativePath(Assets, file).Replace('\\', '/');

    // `import { a } from './x.js'`, `import * as m from './x.js'`, `import './x.js'` and `export { a } from './x.js'`,
    // over several lines too; a dynamic `import('./x.js')` loads lazily and is not an edge of the static graph.
    [GeneratedRegex("""^\s*(?:import|export)\s+(?:[^'";()]*?\s*from\s*)?['"](?<specifier>\.\.?/[^'"]+)['"]""", RegexOptions.Multiline)]
    private static partial Regex StaticImport();
}
