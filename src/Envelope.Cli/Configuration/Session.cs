using System.CommandLine;
using System.Globalization;
using Envelope.Cli.OAuth;
using Envelope.Client;

namespace Envelope.Cli.Configuration;

/// <summary>
/// The server, token and organization a command works with. The server comes from --server, ENVELOPE_SERVER, the
/// credentials file, or the default; the token from ENVELOPE_TOKEN, else the credentials of that same server, so that
/// a stored token is never sent to another server.
/// </summary>
internal sealed class Session : IDisposable
{
    private Session(EnvelopeClient client, string organization)
    {
        Client = client;
        OrganizationId = organization;
    }

    public EnvelopeClient Client { get; }

    public string OrganizationId { get; }

    public OrganizationClient Organization => Client.Organization(OrganizationId);

    public static Uri ResolveServer(ParseResult parseResult, GlobalOptions global, CliContext context, StoredCredentials? stored)
    {
        var text = parseResult.GetValue(global.Server)
            ?? context.GetVariable(EnvironmentVariables.Server)
            ?? stored?.Server
            ?? GlobalOptions.DefaultServer;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"'{text}' is not a server address; expected http(s)://host[:port].");
        }

        // A token or a password sent in clear to another machine is readable by anyone on the path; loopback never leaves it.
        if (server.Scheme == Uri.UriSchemeHttp && !server.IsLoopback
            && !parseResult.GetValue(global.Insecure) && context.GetVariable(EnvironmentVariables.Insecure) != "1")
        {
            throw new CliException(ExitCodes.Usage, "insecure_server",
                $"Refusing to send credentials to {server} over plain http: use https, or pass --insecure (or set {EnvironmentVariables.Insecure}=1) if you accept that.");
        }

        return server;
    }

    public static EnvelopeClient CreateClient(CliContext context, Uri server, string token, HttpMessageHandler? handler = null)
    {
        var retries = 3;
        if (context.GetVariable(EnvironmentVariables.Retries) is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out retries) || retries > 10))
        {
            throw CliException.Usage($"{EnvironmentVariables.Retries} must be a number from 0 to 10.");
        }

        return new EnvelopeClient(new EnvelopeClientOptions { Server = server, Token = token, MaxRetryAttempts = retries, HttpMessageHandler = handler });
    }

    public static async Task<Session> OpenAsync(ParseResult parseResult, GlobalOptions global, CliContext context, CancellationToken cancellationToken)
    {
        var stored = new CredentialStore(context).Read();
        var server = ResolveServer(parseResult, global, context, stored);
        var fromStore = stored is not null && SameServer(stored.Server, server);
        var token = context.GetVariable(EnvironmentVariables.Token)
            ?? (fromStore ? stored!.Token : null)
            ?? throw new CliException(ExitCodes.Unauthenticated, "not_logged_in",
                $"Not logged in to {server}. Run 'envelope login' or set {EnvironmentVariables.Token}.");

        // A browser login's access token lives 15 minutes: the handler renews it from the refresh token as needed.
        var usesStored = fromStore && context.GetVariable(EnvironmentVariables.Token) is null;
        var handler = usesStored && stored!.RefreshToken is not null ? new RefreshingTokenHandler(stored, new CredentialStore(context), context.Time) : null;
        var client = CreateClient(context, server, token, handler);
        try
        {
            var organization = context.GetVariable(EnvironmentVariables.Organization);
            if (organization is null && usesStored)
            {
                organization = stored!.Organization;
            }

            organization ??= (await client.GetMeAsync(cancellationToken).ConfigureAwait(false)).Organization.Id;
            return new Session(client, organization);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static bool SameServer(string stored, Uri server) =>
        Uri.TryCreate(stored, UriKind.Absolute, out var storedUri) && Uri.Compare(storedUri, server, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    public void Dispose() => Client.Dispose();
}
