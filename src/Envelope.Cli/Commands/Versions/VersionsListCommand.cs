using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Versions;

/// <summary><c>envelope versions list</c>: every version of the linked level, newest first as the server orders them.</summary>
internal sealed class VersionsListCommand : BaseCommand
{
    private readonly LevelOptions _level = new();

    public VersionsListCommand(CliContext context, GlobalOptions global)
        : base("list", """
            List the versions of the linked level's secrets (ids for 'versions show/restore', later).
            """, context, global)
    {
        _level.AddTo(this);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope versions list", "envelope versions list --environment staging --target backend --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var level = _level.Resolve(parseResult, Context);
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var versions = new List<SecretVersion>();
        await foreach (var version in session.Organization.Versions.ListAsync(level, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            versions.Add(version);
        }

        if (WantsJson(parseResult))
        {
            await Context.Out.WriteLineAsync(JsonSerializer.Serialize(versions, CliJson.Default.ListSecretVersion)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (versions.Count == 0)
        {
            await InformAsync($"No versions at {level}.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await Context.Out.WriteLineAsync($"{"ID",-10} {"CREATED",-20} {"REASON",-12} {"STATUS",-10} {"KEY",4} {"BYTES",7}").ConfigureAwait(false);
        foreach (var v in versions)
        {
            var created = v.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var status = v.Locked ? v.Status + "*" : v.Status;
            await Context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{v.Id,-10} {created,-20} {v.Reason,-12} {status,-10} {v.KeyVersion,4} {v.Bytes,7}")).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
