using System.CommandLine;
using Envelope.Cli.Commands.Workspace;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Projects;

/// <summary><c>envelope projects update SLUG</c>: a new name, slug, description or history policy; what is not given stays.</summary>
internal sealed class ProjectsUpdateCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The project's slug." };

    private readonly NodeChangeOptions _change = new();

    private readonly Option<string?> _history = new("--history", "--history-policy") { Description = "What a key rotation does with old versions: keep or re_encrypt (the API's history_policy)." };

    public ProjectsUpdateCommand(CliContext context, GlobalOptions global)
        : base("update", "Rename a project, change its slug, description or history policy (the key management never changes).", context, global)
    {
        _history.AcceptOnlyFromAmong("keep", "re_encrypt");
        Arguments.Add(_slug);
        _change.AddTo(this);
        Options.Add(_history);
    }

    public override IReadOnlyList<string> Examples { get; } =
        ["envelope projects update my-app --name \"My App (EU)\"", "envelope projects update my-app --slug my-app-eu --json", "envelope projects update my-app --history re_encrypt"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var slug = parseResult.GetValue(_slug)!;
        var (name, newSlug, description) = _change.Read(parseResult);
        var request = new UpdateProjectRequest
        {
            Name = name,
            Slug = newSlug,
            Description = description,
            HistoryPolicy = parseResult.GetValue(_history) switch
            {
                "keep" => HistoryPolicy.Keep,
                "re_encrypt" => HistoryPolicy.ReEncrypt,
                _ => null,
            },
        };
        if (request is { Name: null, Slug: null, Description: null, HistoryPolicy: null })
        {
            throw CliException.Usage("Nothing to change: pass --name, --slug, --description or --history.");
        }

        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var project = ProjectOutput.From(await session.Organization.Projects.UpdateAsync(slug, request, cancellationToken).ConfigureAwait(false));
        await WriteResultAsync(parseResult, project, CliJson.Default.ProjectOutput, project.Slug).ConfigureAwait(false);

        await InformAsync($"Updated project {project.Slug}.").ConfigureAwait(false);
        if (project.Slug != slug && LinkFile.Read(Context) is { } link && link.Project == slug)
        {
            await InformAsync(StaleLink.Hint(project.Slug, link.Target, link.Environment)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
