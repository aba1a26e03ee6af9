using System.Text.Json;
using Envelope.Cli.Output;

namespace Envelope.Cli.Configuration;

/// <summary>
/// The credentials file, <c>$XDG_CONFIG_HOME/envelope/credentials.json</c> (else <c>~/.config/envelope/…</c>),
/// readable by its owner only: the directory is 0700 and the file 0600 from the moment it exists.
/// </summary>
internal sealed class CredentialStore(CliContext context)
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Directory => ResolveDirectory(context);

    public string FilePath => Path.Combine(Directory, "credentials.json");

    public static string ResolveDirectory(CliContext context)
    {
        if (context.GetVariable(EnvironmentVariables.ConfigHome) is { } configHome)
        {
            return Path.Combine(configHome, "envelope");
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.ApplicationData), "envelope");
        }

        var home = context.GetVariable(EnvironmentVariables.Home)
            ?? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", "envelope");
    }

    public StoredCredentials? Read()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(FilePath), CliJson.Default.StoredCredentials);
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Error, "invalid_credentials", $"{FilePath} is not valid; run 'envelope logout' and log in again.");
        }
    }

    public void Write(StoredCredentials credentials)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Written beside the file and moved over it, so that a crash never leaves half a file and the mode is right
        // before any byte of the token is written.
        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stream.SafeFileHandle, OwnerReadWrite);
            }

            JsonSerializer.Serialize(stream, credentials, CliJson.Default.StoredCredentials);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    public bool Delete()
    {
        if (!File.Exists(FilePath))
        {
            return false;
        }

        File.Delete(FilePath);
        return true;
    }
}
