using System.CommandLine;
using Envelope.Cli.Configuration;
using Envelope.Cli.OAuth;
using Envelope.Cli.Output;
using Envelope.Client.Models;

namespace Envelope.Cli.Commands.Account;

/// <summary>
/// <c>envelope login</c>: through the browser (OAuth 2.1 authorization code with PKCE on a loopback redirect), or with an
/// API token from standard input or ENVELOPE_TOKEN for scripts and CI. Either way the credentials go to the user's config
/// directory (mode 0600).
/// </summary>
internal sealed class LoginCommand : BaseCommand
{
    // The server's authorization codes live 2 minutes; a person may take longer to type a password, not much longer.
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromMinutes(5);

    private readonly Option<bool> _tokenStdin = new("--token-stdin")
    {
        Description = "Log in with an API token read from standard input (one line) instead of the browser.",
    };

    private readonly Option<bool> _noBrowser = new("--no-browser")
    {
        Description = "Do not open a browser: print the sign-in URL to open by hand (on this machine: the answer comes back to 127.0.0.1).",
    };

    public LoginCommand(CliContext context, GlobalOptions global)
        : base("login", """
            Log in and keep the credentials in the user's config directory (mode 0600).
            Without options, a browser opens on the server's sign-in page (OAuth with PKCE; the answer comes back to
            http://127.0.0.1:<port>/callback); the login lasts 30 days and renews itself. With --token-stdin or
            ENVELOPE_TOKEN, an API token is used instead (never from the command line: shell history, process list).
            """, context, global)
    {
        Options.Add(_tokenStdin);
        Options.Add(_noBrowser);
    }

    public override IReadOnlyList<string> Examples { get; } =
    [
        "envelope login",
        "envelope login --no-browser --server https://envelope.example.com",
        "envelope login --token-stdin < token.txt",
        "ENVELOPE_TOKEN=envl_… envelope login",
    ];

    protected override async Task<int> ExecuteAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var server = Session.ResolveServer(parseResult, Global, Context, stored: null);
        var token = await ReadApiTokenAsync(parseResult, cancellationToken).ConfigureAwait(false);
        var (credentials, me, method) = token is not null
            ? await CheckApiTokenAsync(server, token, cancellationToken).ConfigureAwait(false)
            : await SignInThroughBrowserAsync(parseResult, server, cancellationToken).ConfigureAwait(false);

        var store = new CredentialStore(Context);
        store.Write(credentials);
        if (WantsJson(parseResult))
        {
            await WriteJsonAsync(new LoginOutput(server.ToString(), me.Organization.Id, me.Organization.Name, me.Name, me.Id, method, credentials.AccessTokenExpiresAt is null ? me.ExpiresAt : null),
                CliJson.Default.LoginOutput).ConfigureAwait(false);
        }

        await InformAsync($"Logged in to {server} as '{me.Name}' in {me.Organization.Name} ({me.Organization.Id}). Credentials: {store.FilePath}").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private async Task<string?> ReadApiTokenAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (parseResult.GetValue(_tokenStdin))
        {
            var token = (await Context.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
            return string.IsNullOrEmpty(token) ? throw CliException.Usage("No token on standard input.") : token;
        }

        return Context.GetVariable(EnvironmentVariables.Token)?.Trim();
    }

    private async Task<(StoredCredentials, TokenIdentity, string)> CheckApiTokenAsync(Uri server, string token, CancellationToken cancellationToken)
    {
        using var client = Session.CreateClient(Context, server, token);
        var me = await client.GetMeAsync(cancellationToken).ConfigureAwait(false);
        return (new StoredCredentials
        {
            Server = server.ToString(),
            Token = token,
            Organization = me.Organization.Id,
            OrganizationName = me.Organization.Name,
            TokenName = me.Name,
        }, me, "token");
    }

    private async Task<(StoredCredentials, TokenIdentity, string)> SignInThroughBrowserAsync(ParseResult parseResult, Uri server, CancellationToken cancellationToken)
    {
        var noBrowser = parseResult.GetValue(_noBrowser);
        if (!noBrowser && !Context.IsInteractive)
        {
            // A script with neither a token nor a person in front of it would wait for a browser that never comes.
            throw CliException.Usage($"No token and no terminal: pass --token-stdin or set {EnvironmentVariables.Token} (or --no-browser to sign in through a URL).");
        }

        var pkce = Pkce.Create();
        var state = Pkce.RandomState();
        using var listener = LoopbackCallbackListener.Start();
        using var oauth = new OAuthEndpointClient(server, Context.Time);
        var url = oauth.AuthorizeUrl(listener.RedirectUri, pkce, state);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BrowserTimeout);
        // Listening before the browser opens: its redirect may arrive before this method gets back to waiting.
        var callback = listener.WaitAsync(state, timeout.Token);
        if (!noBrowser && BrowserLauncher.TryOpen(url))
        {
            await InformAsync($"Opened the browser to sign in. If it did not open, visit:\n  {url}").ConfigureAwait(false);
        }
        else
        {
            await InformAsync($"To sign in, open this URL in a browser on this machine:\n  {url}").ConfigureAwait(false);
        }

        await InformAsync($"Waiting for the sign-in (up to {BrowserTimeout.TotalMinutes:0} minutes; Ctrl-C to stop)…").ConfigureAwait(false);
        CallbackResult result;
        try
        {
            result = await callback.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unauthenticated, "login_timeout", $"No sign-in came back within {BrowserTimeout.TotalMinutes:0} minutes; nothing was stored.");
        }

        if (result.Error is not null || result.Code is null)
        {
            throw new CliException(ExitCodes.Unauthenticated, result.Error ?? "invalid_response",
                $"The sign-in did not complete: {result.ErrorDescription ?? result.Error ?? "no code in the answer"}. Nothing was stored.");
        }

        var tokens = await oauth.ExchangeCodeAsync(result.Code, listener.RedirectUri, pkce, cancellationToken).ConfigureAwait(false);
        using var client = Session.CreateClient(Context, server, tokens.AccessToken);
        var me = await client.GetMeAsync(cancellationToken).ConfigureAwait(false);
        return (new StoredCredentials
        {
            Server = server.ToString(),
            Token = tokens.AccessToken,
            Organization = me.Organization.Id,
            OrganizationName = me.Organization.Name,
            TokenName = me.Name,
            AccessTokenExpiresAt = tokens.ExpiresAt,
            RefreshToken = tokens.RefreshToken,
        }, me, "browser");
    }
}
