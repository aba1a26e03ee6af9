using Envelope.Server.Features.Organizations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Envelope.Server.Tests.Infrastructure;

/// <summary>
/// The real server in process, on its own database (SQLite file, or PostgreSQL when ENVELOPE_TEST_POSTGRES is set),
/// with a movable clock and every log line captured. One per test class; tests create their own organizations.
/// </summary>
public sealed class EnvelopeApplication : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;
    private bool _ownsDatabase = true;

    /// <summary>Another server process on the same database (and data directory, so the same master key): a second node, or a restart.</summary>
    public static EnvelopeApplication On(TestDatabase database) => new() { _database = database, _ownsDatabase = false };

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public CapturedLogs Logs { get; } = new();

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    /// <summary>
    /// Settings a test class adds before the server starts. Rate limits are off by default: most classes send hundreds
    /// of requests from one organization or one (absent) address; the RateLimiting tests turn them on.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new() { ["ENVELOPE_RATE_LIMITS_ENABLED"] = "false" };

    /// <summary>Service registrations a test class adds before the server starts (e.g. a failing interceptor).</summary>
    public List<Action<IServiceCollection>> ServiceOverrides { get; } = [];

    public async Task InitializeAsync() => _database ??= await TestDatabase.CreateAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ENVELOPE_DATABASE", Database.ConnectionString);
        builder.UseSetting("ENVELOPE_DATA_DIR", Database.Directory);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            foreach (var configure in ServiceOverrides)
            {
                configure(services);
            }
        });
    }

    /// <summary>A new organization and a client holding its owner token.</summary>
    public async Task<TestOrganization> CreateOrganizationAsync(string name = "acme")
    {
        await using var scope = Services.CreateAsyncScope();
        var provisioned = await scope.ServiceProvider.GetRequiredService<OrganizationProvisioner>().CreateAsync(name);
        return new TestOrganization(this, provisioned.Organization.Id, KnownSecrets.Register(provisioned.OwnerToken!));
    }

    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (KnownSecrets.FoundIn(Logs.Lines) is { Count: > 0 } leaked)
        {
            // Not the secrets themselves: the failure message would put them in the test output.
            var line = Logs.Lines.First(l => l.Contains(leaked[0], StringComparison.Ordinal)).Replace(leaked[0], "<SECRET>", StringComparison.Ordinal);
            // The secret itself stays out of the message: the failure would otherwise print it.
            throw new InvalidOperationException($"{leaked.Count} known secret(s) appeared in the server's log lines, e.g.: {line[..Math.Min(500, line.Length)]}");
        }

        if (_database is not null && _ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
