namespace Envelope.Cli.Commands.Workspace;

/// <summary>
/// After a slug change, the working directory's <c>.envelope.json</c> may name the old slug. It is not rewritten (other
/// linked directories would stay stale anyway, and a command should not edit files it was not asked to); the hint says
/// how to fix it.
/// </summary>
internal static class StaleLink
{
    public static string Hint(string project, string? target, string? environment)
    {
        var command = "envelope link --project " + project;
        if (target is not null)
        {
            command += " --target " + target;
        }

        if (environment is not null)
        {
            command += " --environment " + environment;
        }

        return $"{Configuration.LinkFile.FileName} here still names the old slug; to follow the change run: {command}";
    }
}
