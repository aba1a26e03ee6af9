using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;

namespace Envelope.Cli.Commands.Projects;

/// <summary><c>envelope projects get SLUG</c>.</summary>
internal sealed class ProjectsGetCommand : BaseCommand
{
    private readonly Argument<string> _slug = new("SLUG") { Description = "The project's slug." };

    public ProjectsGetCommand(CliContext context, GlobalOptions global)
        : base("get", "Show one project.", context, global)
    {
        Arguments.Add(_slug);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope projects get my-app", "envelope projects get my-app --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var project = ProjectOutput.From(await session.Organization.Projects.GetAsync(parseResult.GetValue(_slug)!, cancellationToken).ConfigureAwait(false));
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(project, CliJson.Default.ProjectOutput).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"""
            slug:        {project.Slug}
            name:        {project.Name}
            id:          {project.Id}
            description: {project.Description ?? "-"}
            keys:        {project.KeyManagement}-managed, key version {project.KeyVersion} ({project.KeyState})
            history:     {project.HistoryPolicy}
            created:     {project.CreatedAt:u}
            """)).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
