using System.Diagnostics;

namespace Envelope.Cli.OAuth;

/// <summary>Opens a URL in the user's browser with the platform's own opener; false when there is none to run.</summary>
internal static class BrowserLauncher
{
    public static bool TryOpen(Uri url)
    {
        var (program, arguments) = OperatingSystem.IsWindows() ? ("rundll32", new[] { "url.dll,FileProtocolHandler", url.AbsoluteUri })
            : OperatingSystem.IsMacOS() ? ("open", new[] { url.AbsoluteUri })
            : ("xdg-open", new[] { url.AbsoluteUri });
        try
        {
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No opener installed (a server, a container): the URL is printed anyway.
            return false;
        }
    }
}
