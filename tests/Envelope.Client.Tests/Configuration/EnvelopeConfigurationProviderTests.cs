using Envelope.Client.Configuration;
using Envelope.Client.Tests.Infrastructure;
using Envelope.Crypto;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Envelope.Client.Tests.Configuration;

[Collection(ServerCollection.Name)]
public sealed class EnvelopeConfigurationProviderTests(EnvelopeServer server)
{
    private static readonly LevelPath Project = new("app");
    private static readonly LevelPath Production = new("app", "web", "prod");

    [Fact]
    public async Task AddEnvelopeSecrets_ServerManaged_LoadsMergedValuesWithColonKeys()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var secrets = new ServerManagedSecrets(org.Owner, "app");
        await secrets.PushAsync(Project, "Database__Host=db.internal\nGREETING=hello\n");
        await secrets.PushAsync(Production, "GREETING=hello from prod\n");

        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddEnvelopeSecrets(Options(org)).Build();

        Assert.Equal("db.internal", configuration["Database:Host"]);
        Assert.Equal("hello from prod", configuration["greeting"]);
        Assert.Equal("db.internal", configuration.GetSection("Database")["Host"]);
    }

    [Fact]
    public async Task AddEnvelopeSecrets_ClientManaged_DecryptsWithTheClientKey()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        await org.CreateHierarchyAsync(request: ClientManagedSecrets.CreateProjectRequest("app", key, "app", KeyProof.MinimumIterations));
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Production, "ConnectionStrings__Main=Server=db;Password=p\n");

        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddEnvelopeSecrets(Options(org, o => o.ClientKey = key)).Build();

        Assert.Equal("Server=db;Password=p", configuration.GetConnectionString("Main"));
    }

    [Fact]
    public async Task AddEnvelopeSecrets_PassphraseKeyedProject_DerivesTheKeyFromTheStoredMetadataOnce()
    {
        using var org = await server.CreateOrganizationAsync();
        var cheap = new PassphraseKdf(PassphraseKdf.MinimumMemoryKiB, PassphraseKdf.MinimumIterations, 1, System.Security.Cryptography.RandomNumberGenerator.GetBytes(PassphraseKdf.SaltSize));
        var (request, key) = ClientManagedSecrets.CreatePassphraseProjectRequest("app", "correct horse battery staple", "app", cheap);
        await org.CreateHierarchyAsync(request: request);
        var secrets = new ClientManagedSecrets(org.Owner, "app", key);
        await secrets.PushAsync(Production, "GREETING=one\n");

        using var configuration = (ConfigurationRoot)new ConfigurationBuilder()
            .AddEnvelopeSecrets(Options(org, o => o.Passphrase = "correct horse battery staple")).Build();
        Assert.Equal("one", configuration["GREETING"]);

        await secrets.PushAsync(Production, "GREETING=two\n");
        Assert.True(await configuration.Providers.OfType<EnvelopeConfigurationProvider>().Single().ReloadAsync(CancellationToken.None));
        Assert.Equal("two", configuration["GREETING"]);

        var wrong = Assert.Throws<EnvelopeConfigurationException>(() => new ConfigurationManager()
            .AddEnvelopeSecrets(Options(org, o => o.Passphrase = "not the passphrase")));
        Assert.IsType<EnvelopeDecryptionException>(wrong.InnerException);
        Assert.Throws<EnvelopeConfigurationException>(() => new ConfigurationManager()
            .AddEnvelopeSecrets(Options(org, o => { o.Passphrase = "correct horse battery staple"; o.ClientKey = key; })));
    }

    [Fact]
    public async Task Reload_ValuesChanged_SignalsOnceAndOnlyOnChange()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var secrets = new ServerManagedSecrets(org.Owner, "app");
        await secrets.PushAsync(Production, "GREETING=one\n");
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddEnvelopeSecrets(Options(org)).Build();
        var provider = configuration.Providers.OfType<EnvelopeConfigurationProvider>().Single();
        var reloads = 0;
        using var subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => Interlocked.Increment(ref reloads));

        Assert.False(await provider.ReloadAsync(CancellationToken.None));
        await secrets.PushAsync(Production, "GREETING=two\n");
        Assert.True(await provider.ReloadAsync(CancellationToken.None));
        Assert.False(await provider.ReloadAsync(CancellationToken.None));

        Assert.Equal("two", configuration["GREETING"]);
        Assert.Equal(1, Volatile.Read(ref reloads));
    }

    [Fact]
    public async Task ReloadInterval_ValuesChanged_ConfigurationFollowsInTheBackground()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var secrets = new ServerManagedSecrets(org.Owner, "app");
        await secrets.PushAsync(Production, "GREETING=one\n");
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder()
            .AddEnvelopeSecrets(Options(org, o => o.ReloadInterval = TimeSpan.FromMilliseconds(50)))
            .Build();
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => reloaded.TrySetResult());

        await Task.Delay(200);
        Assert.False(reloaded.Task.IsCompleted, "no change, no reload");
        await secrets.PushAsync(Production, "GREETING=two\n");
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("two", configuration["GREETING"]);
    }

    [Fact]
    public async Task Reload_ServerFailsLater_KeepsTheLastValuesAndLogsWithoutSecrets()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await new ServerManagedSecrets(org.Owner, "app").PushAsync(Production, "GREETING=kept-value\n");
        var token = await org.CreateTokenAsync("secret:read", "secret:decrypt");
        var logs = new CapturedLogs();
        using var configuration = (ConfigurationRoot)new ConfigurationBuilder()
            .AddEnvelopeSecrets(Options(org, o => { o.Token = token; o.LoggerFactory = logs; }))
            .Build();
        var provider = configuration.Providers.OfType<EnvelopeConfigurationProvider>().Single();
        var tokenId = (await org.Owner.Tokens.GetPageAsync()).Items.Single(t => t.Name == "test").Id;
        await org.Owner.Tokens.RevokeAsync(tokenId);

        Assert.False(await provider.ReloadAsync(CancellationToken.None));
        configuration.Reload();

        Assert.Equal("kept-value", configuration["GREETING"]);
        var warnings = logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Line).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("401 unauthenticated", w, StringComparison.Ordinal));
        Assert.All(logs.Lines, l => Assert.DoesNotContain("kept-value", l.Line, StringComparison.Ordinal));
        Assert.All(logs.Lines, l => Assert.DoesNotContain(token, l.Line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddEnvelopeSecrets_UnknownProject_FailsStartUpNamingTheLevelAndTheError()
    {
        using var org = await server.CreateOrganizationAsync();

        var e = Assert.Throws<EnvelopeConfigurationException>(() => new ConfigurationManager().AddEnvelopeSecrets(Options(org, o => o.Project = "missing")));

        Assert.Contains($"{org.Id}/missing/web/prod", e.Message, StringComparison.Ordinal);
        Assert.Contains("404 not_found", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(org.OwnerToken, e.Message, StringComparison.Ordinal);
        Assert.IsType<EnvelopeApiException>(e.InnerException);
    }

    [Fact]
    public async Task AddEnvelopeSecrets_ClientManagedWithTheWrongKey_FailsStartUpWithoutTheKey()
    {
        using var org = await server.CreateOrganizationAsync();
        var key = ClientKey.Generate();
        await org.CreateHierarchyAsync(request: ClientManagedSecrets.CreateProjectRequest("app", key, "app", KeyProof.MinimumIterations));
        await new ClientManagedSecrets(org.Owner, "app", key).PushAsync(Production, "A=1\n");
        var wrong = ClientKey.Generate();

        var e = Assert.Throws<EnvelopeConfigurationException>(() => new ConfigurationBuilder().AddEnvelopeSecrets(Options(org, o => o.ClientKey = wrong)).Build());

        Assert.Contains("does not decrypt", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddEnvelopeSecrets_MissingOptions_NamesEveryOneOfThem()
    {
        var e = Assert.Throws<EnvelopeConfigurationException>(() => new ConfigurationBuilder().AddEnvelopeSecrets(o => o.Environment = "prod").Build());

        foreach (var option in new[] { "Server", "Token", "Organization", "Project", "Target" })
        {
            Assert.Contains(option, e.Message, StringComparison.Ordinal);
        }
    }

    private EnvelopeConfigurationOptions Options(TestOrganization org, Action<EnvelopeConfigurationOptions>? configure = null)
    {
        var options = new EnvelopeConfigurationOptions
        {
            Server = server.Server.BaseAddress,
            Token = org.OwnerToken,
            Organization = org.Id,
            Project = "app",
            Target = "web",
            Environment = "prod",
            HttpMessageHandler = server.Server.CreateHandler(),
            ConfigureClient = c => c.RetryDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        return options;
    }
}
