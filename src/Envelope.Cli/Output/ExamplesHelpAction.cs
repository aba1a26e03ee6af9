using System.CommandLine;
using System.CommandLine.Invocation;
using Envelope.Cli.Commands;

namespace Envelope.Cli.Output;

/// <summary>The standard help, followed by the command's examples.</summary>
internal sealed class ExamplesHelpAction(SynchronousCommandLineAction standard, CliContext context) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var result = standard.Invoke(parseResult);
        if (parseResult.CommandResult.Command is BaseCommand { Examples.Count: > 0 } command)
        {
            context.Out.WriteLine("Examples:");
            foreach (var example in command.Examples)
            {
                context.Out.WriteLine($"  {example}");
            }

            context.Out.WriteLine();
        }

        return result;
    }
}
