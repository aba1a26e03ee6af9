namespace Envelope.Cli.Secrets;

/// <summary>Writes a newly generated client key to a file created with mode 0600, never over an existing file.</summary>
internal static class NewKeyFile
{
    public static void Write(string path, string key)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(key + "\n");
        }
        catch (IOException) when (File.Exists(path))
        {
            throw CliException.Usage($"{path} already exists; a new key is never written over a file. Nothing was changed.");
        }
    }
}
