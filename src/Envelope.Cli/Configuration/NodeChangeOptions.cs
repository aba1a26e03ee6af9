using System.CommandLine;
using Envelope.Client.Models;

namespace Envelope.Cli.Configuration;

/// <summary>--name, --slug and --description of an update command; what is not given stays as it is.</summary>
internal sealed class NodeChangeOptions
{
    private readonly Option<string?> _name = new("--name") { Description = "A new name." };

    private readonly Option<string?> _slug = new("--slug") { Description = "A new slug (links and scripts naming the old one stop working)." };

    private readonly Option<string?> _description = new("--description") { Description = "A new description (\"\" clears it)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_name);
        command.Options.Add(_slug);
        command.Options.Add(_description);
    }

    public (string? Name, string? Slug, string? Description) Read(ParseResult parseResult) =>
        (parseResult.GetValue(_name), parseResult.GetValue(_slug), parseResult.GetValue(_description));

    /// <summary>The update of a target or an environment; a usage error when nothing would change.</summary>
    public UpdateNodeRequest ToNodeRequest(ParseResult parseResult)
    {
        var (name, slug, description) = Read(parseResult);
        return name is null && slug is null && description is null
            ? throw CliException.Usage("Nothing to change: pass --name, --slug or --description.")
            : new UpdateNodeRequest { Name = name, Slug = slug, Description = description };
    }
}
