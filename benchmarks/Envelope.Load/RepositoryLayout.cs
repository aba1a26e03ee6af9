namespace Envelope.Load;

/// <summary>Where the server build and the wrk scripts are, found from this assembly's location in the repository.</summary>
internal sealed record RepositoryLayout(string Root, string ServerBuild)
{
    public string ServerDll => Path.Combine(ServerBuild, "Envelope.Server.dll");

    public string Script(string name) => Path.Combine(Root, "benchmarks", "load", name);

    /// <param name="serverBuild">A server build to run instead of this repository's Release build.</param>
    public static RepositoryLayout Locate(string? serverBuild)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Envelope.slnx")))
            {
                return new RepositoryLayout(
                    directory.FullName,
                    serverBuild ?? Path.Combine(directory.FullName, "src", "Envelope.Server", "bin", "Release", "net10.0"));
            }
        }

        throw new LoadRunException($"No Envelope.slnx above {AppContext.BaseDirectory}: run the build inside the repository (benchmarks/load/run.sh).");
    }

    public void Check()
    {
        if (!File.Exists(ServerDll))
        {
            throw new LoadRunException($"No server build at {ServerDll}. Build it first: dotnet build src/Envelope.Server -c Release (benchmarks/load/run.sh does).");
        }

        foreach (var script in new[] { Wrk.GetScript, Wrk.PostScript })
        {
            if (!File.Exists(Script(script)))
            {
                throw new LoadRunException($"Missing wrk script {Script(script)}.");
            }
        }
    }
}
