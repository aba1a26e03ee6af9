using System.Text.RegularExpressions;
using Envelope.Server.Data;
using Envelope.Server.Data.Entities;
using Envelope.Server.Features.Users;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Envelope.Server.Tests.Features.Console;

/// <summary>
/// The real server on a loopback port and Debian's Chromium, headless, driven by Playwright. Playwright's own browser
/// download cannot work here: the browser is the system's (<c>ENVELOPE_CHROMIUM</c>, else /usr/bin/chromium; .ci/run
/// installs it from Debian's packages).
/// </summary>
public sealed partial class ConsoleBrowser : IAsyncLifetime
{
    public static readonly string Password = KnownSecrets.Register("a long console password");

    private IPlaywright? _playwright;

    public EnvelopeApplication App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = null!;

    /// <summary>Uncaught errors of the console's script in any page: every test ends by checking there were none.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> ScriptErrors { get; } = [];

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("ENVELOPE_CHROMIUM") is { Length: > 0 } path ? path
        : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
          ?? throw new InvalidOperationException("The browser tests need Chromium: apt-get install chromium (as .ci/run does), or set ENVELOPE_CHROMIUM.");

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        App.UseKestrel(0);
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        // The CI machine runs other suites beside this one: Playwright's 5 s default for assertions is too tight there.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>A user with <paramref name="role"/> in <paramref name="organization"/> (a new one when null).</summary>
    internal async Task<(string Email, TestOrganization Organization)> CreateUserAsync(MembershipRole role, TestOrganization? organization = null)
    {
        organization ??= await App.CreateOrganizationAsync("acme");
        await using var scope = App.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var user = accounts.Create(email, Password);
        await accounts.SetRoleAsync(user, organization.Id, role, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<EnvelopeDbContext>().SaveChangesAsync();
        return (email, organization);
    }

    /// <summary>A fresh browser context (its own cookies), signed in through the login page.</summary>
    public async Task<IPage> SignInAsync(string email, IList<IRequest>? requests = null)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1100, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => ScriptErrors.Add(error);
        if (requests is not null)
        {
            page.Request += (_, request) => requests.Add(request);
        }

        await page.GotoAsync("/console");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitUntilSignedInAsync(page);
        return page;
    }

    /// <summary>
    /// Waits until the console has chosen its first view after sign-in (its script replaces the address). The URL is
    /// polled rather than awaited as a navigation event, which a same-document change can slip past; a failure says
    /// where the page stopped, since a bare timeout tells nothing.
    /// </summary>
    public async Task WaitUntilSignedInAsync(IPage page)
    {
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(SignedInAddress());
        }
        catch (PlaywrightException failure)
        {
            var text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
            throw new InvalidOperationException(
                $"The console did not open after sign-in. The page is at {page.Url}, showing: {text[..Math.Min(text.Length, 600)]}; " +
                $"script errors: [{string.Join("; ", ScriptErrors)}]", failure);
        }
    }

    [GeneratedRegex("/console/[^/?]+")]
    private static partial Regex SignedInAddress();

    /// <summary>Saves a screenshot into docs/console when ENVELOPE_UPDATE_SCREENSHOTS=1 (how docs/console.md's pictures are made).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("ENVELOPE_UPDATE_SCREENSHOTS") != "1")
        {
            return;
        }

        var directory = Path.Combine(RepositoryLayout.Root, "docs", "console");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}
