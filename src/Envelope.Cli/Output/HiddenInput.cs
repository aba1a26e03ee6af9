using System.Text;

namespace Envelope.Cli.Output;

/// <summary>Reads a line typed on the terminal without echoing it (secret values, client keys).</summary>
internal static class HiddenInput
{
    public static async Task<string> ReadAsync(CliContext context, string prompt)
    {
        // Touching the console's input first sets the terminal up for reading key by key, with the terminal's own echo
        // off, before the prompt invites typing; otherwise keys typed the instant the prompt appears could be echoed.
        _ = Console.KeyAvailable;
        await context.Error.WriteAsync(prompt).ConfigureAwait(false);
        await context.Error.FlushAsync().ConfigureAwait(false);
        var builder = new StringBuilder();
        while (true)
        {
            var pressed = Console.ReadKey(intercept: true);
            if (pressed.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (pressed.Key == ConsoleKey.Backspace)
            {
                if (builder.Length > 0)
                {
                    builder.Length--;
                }
            }
            else if (!char.IsControl(pressed.KeyChar))
            {
                builder.Append(pressed.KeyChar);
            }
        }

        await context.Error.WriteLineAsync().ConfigureAwait(false);
        return builder.ToString();
    }
}
