using System.Text.RegularExpressions;

namespace Envelope.Cli.Secrets;

/// <summary>
/// What <c>envelope run</c> hands its child: the caller's environment without Envelope's own credentials, and the
/// secrets, except those that would hook the child's loader or interpreter unless the user named them.
/// </summary>
internal static partial class ChildEnvironment
{
    /// <summary>Envelope's credentials: the child is the user's program, not a client of Envelope.</summary>
    public static readonly string[] Credentials = [EnvironmentVariables.Token, EnvironmentVariables.Key, EnvironmentVariables.Passphrase, EnvironmentVariables.NewPassphrase, EnvironmentVariables.OldPassphrase];

    /// <summary>
    /// Variables that make a loader or an interpreter run code of the variable's choosing before the child's own: a
    /// secret that sets one turns write access to secrets into code execution on every machine that runs the app.
    /// </summary>
    private static readonly HashSet<string> Hooks = new(StringComparer.Ordinal)
    {
        "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "LD_DEBUG_OUTPUT", "NODE_OPTIONS", "NODE_PATH", "BASH_ENV", "ENV",
        "PROMPT_COMMAND", "IFS", "SHELLOPTS", "BASHOPTS", "PS4", "PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME",
        "PYTHONINSPECT", "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
        "JDK_JAVA_OPTIONS", "CLASSPATH", "DOTNET_STARTUP_HOOKS", "DOTNET_ADDITIONAL_DEPS", "DOTNET_SHARED_STORE",
        "CORECLR_PROFILER", "CORECLR_PROFILER_PATH", "CORECLR_ENABLE_PROFILING", "GCONV_PATH", "GIT_SSH_COMMAND",
        "PATH",
    };

    public static bool IsHook(string name) =>
        Hooks.Contains(name) || name.StartsWith("DYLD_", StringComparison.Ordinal) || name.StartsWith("BASH_FUNC_", StringComparison.Ordinal);

    /// <summary>The child's variables, and the secrets left out because they would set a hook nobody allowed.</summary>
    public static (Dictionary<string, string> Variables, List<string> Refused) Build(
        IReadOnlyDictionary<string, string> inherited, IReadOnlyDictionary<string, string> secrets, bool keepCredentials, IReadOnlySet<string> allowedHooks)
    {
        var variables = new Dictionary<string, string>(inherited, StringComparer.Ordinal);
        if (!keepCredentials)
        {
            foreach (var name in Credentials)
            {
                variables.Remove(name);
            }
        }

        var refused = new List<string>();
        foreach (var (name, value) in secrets)
        {
            if (IsHook(name) && !allowedHooks.Contains(name))
            {
                refused.Add(name);
                continue;
            }

            variables[name] = value;
        }

        refused.Sort(StringComparer.Ordinal);
        return (variables, refused);
    }

    /// <summary>A name a POSIX shell accepts after <c>export</c>; anything else could not be quoted into one.</summary>
    public static bool IsShellName(string name) => ShellName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ShellName();
}
