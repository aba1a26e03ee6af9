namespace Envelope.Server.Tests.Infrastructure;

/// <summary>Where the repository's files are, found from the test output by walking up to Envelope.slnx.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Envelope.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Envelope.slnx not found above the test output.");
    }
}
