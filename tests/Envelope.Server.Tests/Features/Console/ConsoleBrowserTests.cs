using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Envelope.Crypto;
using Envelope.Server.Data.Entities;
using Envelope.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Envelope.Server.Tests.Features.Console;

/// <summary>The web console in a real headless Chromium against the real server: what a person does, click by click.</summary>
[Trait("Category", "Browser")]
public sealed partial class ConsoleBrowserTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    [Fact]
    public async Task An_owner_builds_a_tree_edits_secrets_at_each_level_and_restores_a_version()
    {
        var (email, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        var page = await browser.SignInAsync(email);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "acme" })).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "organization");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Shop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open Shop" }).ClickAsync();
        await page.GetByLabel("New target").FillAsync("backend");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add target" }).ClickAsync();
        await page.GetByLabel("New environment in backend").FillAsync("prod");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add environment" }).ClickAsync();
        await Expect(page.Locator(".tree li li")).ToContainTextAsync("prod");
        await ConsoleBrowser.ScreenshotAsync(page, "project-tree");

        // One variable at each level; the environment overrides the project.
        await SetVariableAsync(page, "/shop", "LOG_LEVEL", "info");
        await SetVariableAsync(page, "/shop/backend", "REGION", "eu-west-1");
        await SetVariableAsync(page, "/shop/backend/prod", "LOG_LEVEL", "warn");
        var merged = page.GetByTestId("merged");
        await Expect(merged.Locator("tr[data-key=LOG_LEVEL] .source")).ToHaveTextAsync("environment");
        await Expect(merged.Locator("tr[data-key=REGION] .source")).ToHaveTextAsync("target");
        // Masked until revealed.
        await Expect(merged.Locator("tr[data-key=LOG_LEVEL]")).Not.ToContainTextAsync("warn");
        await merged.Locator("tr[data-key=LOG_LEVEL]").GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Expect(merged.Locator("tr[data-key=LOG_LEVEL]")).ToContainTextAsync("warn");

        // A second write, then restore the first from the timeline.
        await page.Locator("tr", new() { Has = page.Locator("input.entry-key[value=LOG_LEVEL]") }).Locator("input.entry-value").FillAsync("debug");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("versions").Locator("tbody tr")).ToHaveCountAsync(2);
        await ConsoleBrowser.ScreenshotAsync(page, "secrets");

        await page.GetByRole(AriaRole.Button, new() { Name = "Compare names" }).ClickAsync();
        await Expect(page.GetByTestId("diff")).ToContainTextAsync("changed: LOG_LEVEL");
        await Expect(page.GetByTestId("diff")).Not.ToContainTextAsync("debug");
        await page.GetByTestId("diff").GetByRole(AriaRole.Button, new() { Name = "Reveal values" }).ClickAsync();
        await Expect(page.GetByTestId("diff")).ToContainTextAsync("debug");

        var firstVersion = await page.GetByTestId("versions").Locator("tbody tr").Last.GetAttributeAsync("data-version");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Restore version {firstVersion}" }).ClickAsync();
        await Expect(page.GetByTestId("versions").Locator("tbody tr")).ToHaveCountAsync(3);

        var read = await org.Owner.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/v1/{org.Id}/shop/backend/prod/secrets?decrypt=true&merge=true");
        Assert.Equal("warn", read!["data"]!["attributes"]!["secrets"]!["LOG_LEVEL"]!.GetValue<string>());
        Assert.Equal("eu-west-1", read["data"]!["attributes"]!["secrets"]!["REGION"]!.GetValue<string>());
        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task Tokens_are_created_with_chosen_abilities_shown_once_and_revoked()
    {
        var (email, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        await org.CreateProjectAsync("billing");
        var page = await browser.SignInAsync(email);
        await page.GetByRole(AriaRole.Link, new() { Name = "API tokens" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("deploy-bot");
        await page.GetByLabel("secret:read").CheckAsync();
        await page.GetByLabel("project:read").CheckAsync();
        await page.GetByLabel("Only these projects").SelectOptionAsync(new SelectOptionValue { Label = "billing" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = KnownSecrets.Register(await page.GetByTestId("token-value").InnerTextAsync());
        await ConsoleBrowser.ScreenshotAsync(page, "tokens");
        Assert.StartsWith("envl_", token, StringComparison.Ordinal);

        var client = browser.App.ClientWithToken(token);
        var me = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>("/api/v1/me");
        Assert.Equal(["project:read", "secret:read"], me!["data"]!["abilities"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Equal("billing", me["data"]!["projects"]![0]!.GetValue<string>());

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke deploy-bot" }).ClickAsync();
        await page.GetByLabel("Type deploy-bot to confirm").FillAsync("deploy-bot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator("tr[data-token=deploy-bot] .token-status")).ToHaveTextAsync("revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task A_client_managed_project_is_encrypted_in_the_browser_and_its_key_is_never_sent()
    {
        var (email, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        var requests = new List<IRequest>();
        var page = await browser.SignInAsync(email, requests);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Vault");
        await page.GetByLabel("Key management").SelectOptionAsync("client");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        var key = KnownSecrets.Register(await page.GetByTestId("client-key").InnerTextAsync(new() { Timeout = 60_000 }));

        await page.GetByRole(AriaRole.Link, new() { Name = "Open Vault" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Project secrets" }).ClickAsync();
        await page.GetByTestId("client-key-input").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add variable" }).ClickAsync();
        await page.Locator("input.entry-key").Last.FillAsync("STRIPE_KEY");
        await page.Locator("input.entry-value").Last.FillAsync("sk_live_browser_only");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved: a new version was recorded.")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ConsoleBrowser.ScreenshotAsync(page, "client-managed");

        // The server holds only ciphertext that the typed key opens.
        var stored = await org.Owner.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/v1/{org.Id}/vault/secrets");
        var level = stored!["data"]!["attributes"]!["levels"]!["project"]!;
        var blob = level["content"]!.GetValue<string>();
        var place = level["place"]!;
        // Sealed as v2, bound to the project level under the key version it was written with.
        Assert.StartsWith(SecretsBlob.V2Prefix, blob, StringComparison.Ordinal);
        Assert.Equal(BlobOpenStatus.Opened, SecretsBlob.TryOpenWithClientKey(key, blob,
            new BlobPlace(place["organization_id"]!.GetValue<string>(), place["project_id"]!.GetValue<string>(), null, null, level["key_version"]!.GetValue<int>()), out var text));
        Assert.Equal("STRIPE_KEY=\"sk_live_browser_only\"\n", text);

        // Neither the key nor the plaintext was ever part of a request: URL, headers or body.
        Assert.NotEmpty(requests);
        foreach (var request in requests)
        {
            var everything = request.Url + string.Join('\n', (await request.AllHeadersAsync()).Select(h => h.Key + ":" + h.Value)) + request.PostData;
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("sk_live_browser_only", everything, StringComparison.Ordinal);
        }

        // A new page does not remember the key; typing it again decrypts.
        await page.ReloadAsync();
        await Expect(page.GetByText("Enter the project key")).ToBeVisibleAsync();
        await page.GetByTestId("client-key-input").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        var row = page.GetByTestId("merged").Locator("tr[data-key=STRIPE_KEY]");
        await row.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Expect(row).ToContainTextAsync("sk_live_browser_only");

        // A wrong key is refused in the browser, before anything is sent.
        await page.GetByTestId("client-key-input").FillAsync(ClientKey.Generate());
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not the key");
        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task A_client_managed_blob_moved_to_another_level_is_shown_as_bound_elsewhere_and_a_v1_blob_still_opens()
    {
        var (email, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        var key = KnownSecrets.Register(ClientKey.Generate());
        var salt = KeyProof.GenerateSalt();
        await org.CreateProjectAsync("vault", new
        {
            key_management = "client", key_check = KeyProof.Compute(key, salt, KeyProof.MinimumIterations),
            key_check_salt = Convert.ToBase64String(salt), key_check_iterations = KeyProof.MinimumIterations,
        });
        await org.CreateTargetAsync("vault", "web");
        await org.CreateEnvironmentAsync("vault", "web", "prod");
        var proof = KeyProof.Compute(key, salt, KeyProof.MinimumIterations);
        // The project level as a spec client writes it (v1), the environment bound to its place (v2).
        await StoreAsync(org, new { project = "vault", content = SecretsBlob.EncryptWithClientKey(key, "SHARED=\"project\"\n"), key_proof = proof });
        var place = TestBlobs.PlaceOf(new System.Text.Json.Nodes.JsonObject
        {
            ["place"] = (await JsonApi.ReadAsync(await org.Owner.GetAsync($"/api/v1/{org.Id}/vault/web/prod/secrets")))["data"]!["attributes"]!["place"]!.DeepClone(),
            ["key_version"] = 1,
        });
        await StoreAsync(org, new { project = "vault", target = "web", environment = "prod", content = SecretsBlob.SealWithClientKey(key, "SHARED=\"production\"\n", place), key_proof = proof });

        // The v1 project level opens in the browser. (Only the project level is read before the tampering: a read the
        // server answers from its cache would not see a database write made behind its back on PostgreSQL.)
        var page = await browser.SignInAsync(email);
        await page.GotoAsync($"/console/{org.Id}/secrets/vault");
        await page.GetByTestId("client-key-input").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        var row = page.GetByTestId("merged").Locator("tr[data-key=SHARED]");
        await row.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Expect(row).ToContainTextAsync("project");

        // A database writer copies the environment's blob over the project level's row.
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Envelope.Server.Data.EnvelopeDbContext>();
            var content = await db.Secrets.Where(s => s.EnvironmentId == place.EnvironmentId).Select(s => s.Content).SingleAsync();
            Assert.Equal(1, await db.Secrets.Where(s => s.ProjectId == place.ProjectId && s.TargetId == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.Content, content)));
        }

        await page.GotoAsync($"/console/{org.Id}/secrets/vault/web/prod");
        await page.GetByTestId("client-key-input").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("blob_bound_elsewhere");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("project level");
        await Expect(page.GetByTestId("merged")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    private static async Task StoreAsync(TestOrganization org, object body) =>
        Assert.Equal(HttpStatusCode.OK, (await org.Owner.PostAsJsonAsync($"/api/v1/{org.Id}/secrets/store", body)).StatusCode);

    [Fact]
    public async Task A_member_does_not_see_actions_their_role_lacks()
    {
        var (_, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        await org.CreateHierarchyAsync("payments", "web", "prod");
        var (member, _) = await browser.CreateUserAsync(MembershipRole.Member, org);
        var page = await browser.SignInAsync(member);

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "payments" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create project" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "API tokens" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit log" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "payments" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Targets and environments" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete payments" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add target" })).ToHaveCountAsync(0);

        await SetVariableAsync(page, "/payments/web/prod", "API_URL", "https://example.com");
        await Expect(page.GetByTestId("versions").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Restore version", Exact = false })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Destroy version", Exact = false })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Purge this level's history" })).ToHaveCountAsync(0);

        // The API refuses what the page hides, so a hand-made request gains nothing.
        var refused = await page.EvaluateAsync<int>("""
            async () => (await fetch(location.origin + '/api/v1/' + location.pathname.split('/')[2] + '/tokens')).status
            """);
        Assert.Equal(403, refused);
        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task An_owner_rotates_a_server_key_with_history_re_encryption_and_finds_it_in_the_audit_log()
    {
        var (email, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        await org.CreateProjectAsync("ledger");
        var page = await browser.SignInAsync(email);
        await SetVariableAsync(page, "/ledger", "TOKEN", "one");
        await SetVariableAsync(page, "/ledger", "TOKEN", "two");

        await page.GotoAsync($"/console/{org.Id}/projects/ledger/keys");
        await Expect(page.GetByTestId("key-state")).ToHaveTextAsync("active");
        await page.GetByLabel("Older versions").SelectOptionAsync("re_encrypt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate key" }).ClickAsync();
        await page.GetByLabel("Type ledger to confirm").FillAsync("ledger");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "v2 (active)" })).ToBeVisibleAsync();
        // The page follows the re-encryption job until it completes.
        await Expect(page.GetByText("completed, 2 of 2 versions")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ConsoleBrowser.ScreenshotAsync(page, "keys");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByTestId("audit").Locator("tbody tr").First).ToBeVisibleAsync();
        await page.GetByLabel("Action").FillAsync("secrets.store");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByTestId("audit").Locator("tbody tr")).ToHaveCountAsync(2);
        await ConsoleBrowser.ScreenshotAsync(page, "audit");
        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task A_member_signs_out_their_other_sessions_and_an_owner_signs_a_member_out_everywhere()
    {
        var (owner, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        var (member, _) = await browser.CreateUserAsync(MembershipRole.Member, org);
        var laptop = await browser.SignInAsync(member);
        var phone = await browser.SignInAsync(member);

        await laptop.GetByRole(AriaRole.Link, new() { Name = "Your sessions" }).ClickAsync();
        var sessions = laptop.GetByTestId("sessions").Locator("tbody tr");
        await Expect(sessions).ToHaveCountAsync(2);
        await Expect(sessions.Filter(new() { HasText = "this browser" })).ToHaveCountAsync(1);
        await Expect(laptop.GetByRole(AriaRole.Link, new() { Name = "Member sessions" })).ToHaveCountAsync(0);
        await ConsoleBrowser.ScreenshotAsync(laptop, "sessions");

        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere else" }).ClickAsync();
        await Expect(laptop.GetByText("Signed out of 1 other session(s).")).ToBeVisibleAsync();
        await Expect(sessions).ToHaveCountAsync(1);
        await phone.ReloadAsync();
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/api/oauth/login"));

        var ownerPage = await browser.SignInAsync(owner);
        await ownerPage.GetByRole(AriaRole.Link, new() { Name = "Member sessions" }).ClickAsync();
        await ownerPage.GetByLabel("Member email").FillAsync(member);
        await ownerPage.GetByRole(AriaRole.Button, new() { Name = "Show sessions" }).ClickAsync();
        await Expect(ownerPage.GetByTestId("member-sessions").Locator("tbody tr")).ToHaveCountAsync(1);
        await ownerPage.GetByRole(AriaRole.Button, new() { Name = $"Sign {member} out everywhere" }).ClickAsync();
        await Expect(ownerPage.GetByText($"Signed {member} out of 1 session(s).")).ToBeVisibleAsync();
        await Expect(ownerPage.GetByTestId("member-sessions")).ToContainTextAsync("No active console sessions.");

        await laptop.ReloadAsync();
        await Assertions.Expect(laptop).ToHaveURLAsync(new Regex("/api/oauth/login"));
        await ownerPage.Context.CloseAsync();
        await laptop.Context.CloseAsync();
        await phone.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task An_owner_restores_a_deleted_environment_from_the_recovery_window_and_its_secrets_read_back()
    {
        var (email, org) = await browser.CreateUserAsync(MembershipRole.Owner);
        await org.CreateHierarchyAsync("orders", "web", "staging");
        await org.StoreAsync("orders", "web", "staging", "DATABASE_URL=postgres://db.internal/orders\n");
        var deleted = await org.Owner.DeleteAsync($"/api/v1/{org.Id}/orders/web/environments/staging");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        // A member sees the window but not a restore their role lacks.
        var (member, _) = await browser.CreateUserAsync(MembershipRole.Member, org);
        var memberPage = await browser.SignInAsync(member);
        await memberPage.GetByRole(AriaRole.Link, new() { Name = "Deleted" }).ClickAsync();
        await Expect(memberPage.GetByTestId("deleted").Locator("tr[data-path='orders/web/staging']")).ToBeVisibleAsync();
        await Expect(memberPage.GetByRole(AriaRole.Button, new() { Name = "Restore orders/web/staging" })).ToHaveCountAsync(0);
        await memberPage.Context.CloseAsync();

        var page = await browser.SignInAsync(email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Deleted" }).ClickAsync();
        var row = page.GetByTestId("deleted").Locator("tr[data-path='orders/web/staging']");
        await Expect(row).ToContainTextAsync("environment");
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("1");
        await ConsoleBrowser.ScreenshotAsync(page, "deleted");

        await page.GetByRole(AriaRole.Button, new() { Name = "Restore orders/web/staging" }).ClickAsync();
        await Expect(page.GetByText("orders/web/staging restored with its 1 version(s).")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Open orders" }).ClickAsync();
        await Expect(page.Locator(".tree li li")).ToContainTextAsync("staging");
        var read = await org.Owner.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/v1/{org.Id}/orders/web/staging/secrets?decrypt=true");
        Assert.Contains("postgres://db.internal/orders", read!.ToJsonString(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
        Assert.Empty(browser.ScriptErrors);
    }

    [Fact]
    public async Task Pages_are_small_keyboard_labelled_and_served_under_a_strict_policy()
    {
        var (email, _) = await browser.CreateUserAsync(MembershipRole.Owner);
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = browser.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        var login = await page.GotoAsync("/console");
        Assert.Contains("script-src 'self'", login!.Headers["content-security-policy"], StringComparison.Ordinal);

        // Keyboard only: tab to the fields and submit with Enter.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(ConsoleBrowser.Password);
        await page.Keyboard.PressAsync("Enter");
        await browser.WaitUntilSignedInAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects" })).ToBeVisibleAsync();

        var shell = await page.ReloadAsync();
        Assert.Contains("frame-ancestors 'none'", shell!.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("DENY", shell.Headers["x-frame-options"]);
        var scriptBytes = await page.EvaluateAsync<long>("""
            async () => {
              const scripts = [...new Set(performance.getEntriesByType('resource').map(e => e.name).filter(name => name.endsWith('.js')))];
              const bodies = await Promise.all(scripts.map(async name => (await (await fetch(name)).arrayBuffer()).byteLength));
              return bodies.reduce((sum, size) => sum + size, 0);
            }
            """);
        Assert.InRange(scriptBytes, 1, 100 * 1024);

        // Every control has a label; nothing is wider than a phone.
        var unlabelled = await page.EvaluateAsync<int>("""
            () => [...document.querySelectorAll('input, select, textarea')].filter(c => !(c.labels?.length || c.getAttribute('aria-label'))).length
            """);
        Assert.Equal(0, unlabelled);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await context.CloseAsync();
    }

    /// <summary>Opens a level's secrets page and sets one variable there through the editor.</summary>
    private static async Task SetVariableAsync(IPage page, string level, string name, string value)
    {
        var org = OrganizationInPath().Match(page.Url).Groups[1].Value;
        await page.GotoAsync($"/console/{org}/secrets{level}");
        // The editor is drawn once the level is decrypted; only then do its rows say what exists.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add variable" })).ToBeVisibleAsync();
        var existing = page.Locator("tr", new() { Has = page.Locator($"input.entry-key[value={name}]") });
        if (await existing.CountAsync() == 0)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Add variable" }).ClickAsync();
            await page.Locator("input.entry-key").Last.FillAsync(name);
            await page.Locator("input.entry-value").Last.FillAsync(value);
        }
        else
        {
            await existing.Locator("input.entry-value").FillAsync(value);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Saved: a new version was recorded.")).ToBeVisibleAsync();
    }

    [GeneratedRegex("/console/([^/]+)")]
    private static partial Regex OrganizationInPath();

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
