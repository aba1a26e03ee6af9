using System.CommandLine;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands;

/// <summary>A command whose failures become one line on standard error (or a JSON error) and an exit code.</summary>
internal abstract class BaseCommand : Command
{
    protected BaseCommand(string name, string description, CliContext context, GlobalOptions global)
        : base(name, description)
    {
        Context = context;
        Global = global;
        SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await ExecuteAsync(parseResult, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (ErrorReporter.TryMap(exception, cancellationToken, out var error))
            {
                ErrorReporter.Write(Context, parseResult.GetValue(Global.Json), error.Code, error.Message, error.Status);
                return error.ExitCode;
            }
        });
    }

    /// <summary>Command lines shown under "Examples:" in this command's --help.</summary>
    public virtual IReadOnlyList<string> Examples => [];

    protected CliContext Context { get; }

    protected GlobalOptions Global { get; }

    protected abstract Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken);

    protected bool WantsJson(ParseResult parseResult) => parseResult.GetValue(Global.Json);

    /// <summary>A message for people: standard error, so that standard output stays data.</summary>
    protected Task InformAsync(string message) => Context.Error.WriteLineAsync(message);
}
