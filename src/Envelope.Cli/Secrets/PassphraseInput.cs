using System.CommandLine;
using Envelope.Cli.Output;

namespace Envelope.Cli.Secrets;

/// <summary>
/// A passphrase from <c>--NAME-file PATH</c> (mode 0600), an environment variable, or typed at a hidden prompt when
/// <c>--NAME</c> is given on a terminal. Like a client key it is never taken from argv, never sent and never written.
/// </summary>
internal sealed class PassphraseInput
{
    private readonly string _variable;
    private readonly string _what;

    public PassphraseInput(string name, string variable, string what)
    {
        _variable = variable;
        _what = what;
        Ask = new Option<bool>($"--{name}")
        {
            Description = $"Use {what}: asked for without echo on a terminal, else from --{name}-file or {variable}.",
        };
        File = new Option<FileInfo?>($"--{name}-file")
        {
            Description = $"File holding {what} (mode 0600; one trailing line break is dropped) [or env: {variable}].",
        };
    }

    public Option<bool> Ask { get; }

    public Option<FileInfo?> File { get; }

    /// <summary>Whether the command line names this passphrase (the variable alone does not: it may be set for reads).</summary>
    public bool IsRequested(ParseResult parseResult) => parseResult.GetValue(Ask) || parseResult.GetValue(File) is not null;

    /// <summary>The passphrase from the file, else the variable; null when neither has one.</summary>
    public string? Read(ParseResult parseResult, CliContext context)
    {
        if (parseResult.GetValue(File) is { } file)
        {
            var text = ClientKeySource.ReadSecretFile(context, file, "passphrase");
            // A passphrase may begin or end with spaces; only the editor's final line break is not part of it.
            return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        }

        return context.GetVariable(_variable);
    }

    /// <summary>
    /// <see cref="Read"/>, else the hidden prompt (typed twice when <paramref name="confirm"/>: a new passphrase mistyped
    /// once would lock its owner out); without a terminal a usage error.
    /// </summary>
    public async Task<string> RequireAsync(ParseResult parseResult, CliContext context, bool confirm)
    {
        if (Read(parseResult, context) is { } passphrase)
        {
            return NotEmpty(passphrase);
        }

        if (!context.IsInteractive)
        {
            throw CliException.Usage($"No {_what}: set {_variable} or pass {File.Name}. Nothing was changed.");
        }

        var typed = await HiddenInput.ReadAsync(context, $"{Capitalized} (hidden): ").ConfigureAwait(false);
        if (confirm && await HiddenInput.ReadAsync(context, $"{Capitalized} again: ").ConfigureAwait(false) != typed)
        {
            throw CliException.Usage($"The two {_what}s differ. Nothing was changed.");
        }

        return NotEmpty(typed);
    }

    private string Capitalized => char.ToUpperInvariant(_what[0]) + _what[1..];

    private string NotEmpty(string passphrase) =>
        passphrase.Length > 0 ? passphrase : throw CliException.Usage($"The {_what} is empty. Nothing was changed.");
}
