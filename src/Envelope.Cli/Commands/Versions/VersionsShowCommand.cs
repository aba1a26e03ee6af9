using System.CommandLine;
using System.Globalization;
using Envelope.Cli.Configuration;
using Envelope.Cli.Output;
using Envelope.Cli.Secrets;

namespace Envelope.Cli.Commands.Versions;

/// <summary><c>envelope versions show ID</c>: a version's metadata; with --reveal its decrypted content.</summary>
internal sealed class VersionsShowCommand : BaseCommand
{
    private readonly Argument<long> _id = VersionsCommand.IdArgument();

    private readonly Option<bool> _reveal = new("--reveal") { Description = "Also print the version's decrypted .env content on standard output." };

    private readonly ClientKeySource _key = new();

    private readonly Option<FileInfo?> _oldKeyFile = new("--old-key-file") { Description = "A retired client key (mode 0600), for a version under an older key." };

    public VersionsShowCommand(CliContext context, GlobalOptions global)
        : base("show", """
            Show a version's metadata. With --reveal, also its content, decrypted here: with the data key the server
            returns (server-managed; the token needs key:retrieve) or with ENVELOPE_KEY / --key-file (client-managed).
            """, context, global)
    {
        Arguments.Add(_id);
        Options.Add(_reveal);
        AddOptions(_key.Options);
        Options.Add(_oldKeyFile);
    }

    public override IReadOnlyList<string> Examples { get; } = ["envelope versions show 42", "envelope versions show 42 --reveal > old.env", "ENVELOPE_KEY=… envelope versions show 42 --reveal --json"];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var id = parseResult.GetValue(_id);
        var reveal = parseResult.GetValue(_reveal);
        var keys = new List<string>();
        using var session = await Session.OpenAsync(parseResult, Global, Context, cancellationToken).ConfigureAwait(false);
        var version = await session.Organization.Versions.GetAsync(id, cancellationToken).ConfigureAwait(false);
        string? content = null;
        if (reveal)
        {
            // A passphrase is derived with the metadata of the key version this version is under, not the current one.
            if (await _key.ResolveForKeyVersionAsync(parseResult, Context, version.Key?.Kdf, cancellationToken, WantsJson(parseResult)).ConfigureAwait(false) is { } key)
            {
                keys.Add(key);
            }

            if (parseResult.GetValue(_oldKeyFile) is { } old)
            {
                keys.Add(ClientKeySource.ReadKeyFile(Context, old));
            }

            if (version.Content is null || version.DestroyedAt is not null)
            {
                throw new CliException(ExitCodes.Conflict, Client.EnvelopeErrorCodes.VersionDestroyed, $"Version {id} was destroyed; only its metadata is left.");
            }

            content = BlobKeys.Decrypt(version, keys, $"Version {id}");
        }

        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(VersionOutput.From(version, content), CliJson.Default.VersionOutput).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (content is not null)
        {
            await Context.Out.WriteAsync(content.EndsWith('\n') || content.Length == 0 ? content : content + "\n").ConfigureAwait(false);
            await InformAsync($"Version {id} of {version.Level}, {version.Reason}, {version.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var o = VersionOutput.From(version);
        await Context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            id:            {o.Id}
            level:         {o.Level}
            secret:        {o.SecretId}
            created:       {o.CreatedAt:u}
            reason:        {o.Reason}
            status:        {o.Status}{(o.Locked ? " (locked)" : "")}
            key version:   {o.KeyVersion}{(o.KeyManagement is { } m ? $" ({m}-managed)" : "")}
            bytes:         {o.Bytes}
            restored from: {(o.RestoredFrom is { } r ? r.ToString(CultureInfo.InvariantCulture) : "-")}
            destroyed:     {(o.DestroyedAt is { } d ? d.ToString("u", CultureInfo.InvariantCulture) : "-")}
            """)).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
