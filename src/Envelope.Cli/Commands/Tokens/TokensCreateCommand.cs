using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Tokens;

/// <summary><c>envelope tokens create NAME</c>: a new API token, printed once.</summary>
internal sealed class TokensCreateCommand : BaseCommand
{
    private readonly Argument<string> _name = new("NAME") { Description = "The token's name." };

    private readonly Option<string[]> _abilities = new("--ability", "-a")
    {
        Description = "An ability to grant (repeat for several), e.g. secret:read, secret:decrypt, or * for all.",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> _projects = new("--project", "-p") { Description = "Restrict the token to this project (repeat for several; default: every project)." };

    private readonly Option<string?> _expiresIn = new("--expires-in")
    {
        Description = "Lifetime, e.g. 30d, 12h, 90m, 2w (default: the organization's default lifetime, 90 days unless changed).",
    };

    private readonly Option<bool> _neverExpires = new("--never-expires") { Description = "A token that never expires (must be chosen explicitly)." };

    public TokensCreateCommand(CliContext context, GlobalOptions global)
        : base("create", """
            Create an API token. The token is printed once on standard output and cannot be shown again.
            """, context, global)
    {
        Arguments.Add(_name);
        Options.Add(_abilities);
        Options.Add(_projects);
        Options.Add(_expiresIn);
        Options.Add(_neverExpires);
        Validators.Add(result =>
        {
            if (result.GetValue(_neverExpires) && result.GetResult(_expiresIn) is not null)
            {
                result.AddError("--never-expires and --expires-in cannot be combined.");
            }
        });
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "envelope tokens create ci --ability secret:read --ability secret:decrypt --project my-app --expires-in 30d > ci.token",
        "envelope tokens create deploy -a secret:read -a secret:decrypt --json",
    ];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var expiresIn = parseResult.GetValue(_expiresIn) is { } text ? ParseDuration(text) : (TimeSpan?)null;
        var projects = parseResult.GetValue(_projects) ?? [];
        var request = new CreateTokenRequest
        {
            Name = parseResult.GetValue(_name)!,
            Abilities = parseResult.GetValue(_abilities) ?? [],
            Projects = projects.Length > 0 ? projects : null,
            ExpiresAt = expiresIn is { } lifetime ? DateTimeOffset.UtcNow.Add(lifetime) : null,
            NeverExpires = parseResult.GetValue(_neverExpires) ? true : null,
        };
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var created = await session.Organization.Tokens.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(created, CliJson.Default.CreatedToken).ConfigureAwait(false);
        }
        else
        {
            await Context.Out.WriteLineAsync(created.Token).ConfigureAwait(false);
        }

        var expires = created.ExpiresAt is { } at ? "expires " + at.ToString("u", CultureInfo.InvariantCulture) : "never expires";
        await InformAsync($"Created token {created.Name} ({created.Id}), {expires}. It is shown only once: store it now.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static TimeSpan ParseDuration(string text) =>
        DurationText.TryParse(text, out var span)
            ? span
            : throw CliException.Usage($"--expires-in '{text}' is not a duration; expected a number and m, h, d or w (e.g. 30d).");
}
