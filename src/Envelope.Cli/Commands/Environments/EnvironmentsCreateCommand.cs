using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Environments;

/// <summary><c>envelope environments create NAME</c>.</summary>
internal sealed class EnvironmentsCreateCommand : BaseCommand
{
    private readonly Argument<string> _name = new("NAME") { Description = "The environment's name." };

    private readonly Option<string?> _slug = new("--slug") { Description = "The slug (default: derived from the name)." };

    private readonly Option<string?> _description = new("--description") { Description = "A description." };

    private readonly TargetOptions _target = new();

    public EnvironmentsCreateCommand(CliContext context, GlobalOptions global)
        : base("create", "Create an environment in the target.", context, global)
    {
        Arguments.Add(_name);
        Options.Add(_slug);
        Options.Add(_description);
        _target.AddTo(this);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope environments create staging", "envelope environments create \"Pre-production\" --slug preprod --project my-app --target backend --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var (project, target) = _target.Resolve(parseResult, Context);
        var request = new CreateNodeRequest { Name = parseResult.GetValue(_name)!, Slug = parseResult.GetValue(_slug), Description = parseResult.GetValue(_description) };
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var node = await session.Organization.Environments.CreateAsync(project, target, request, cancellationToken).ConfigureAwait(false);
        await WriteResultAsync(parseResult, node, CliJson.Default.HierarchyNode, node.Slug).ConfigureAwait(false);

        await InformAsync($"Created environment {node.Slug} in {project}/{target}.").ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
