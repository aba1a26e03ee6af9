using Envelope.Server.Features.Organizations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Client.Tests.Infrastructure;

/// <summary>
/// The real Envelope server in process, on a temporary SQLite file and data directory, shared by every test; each test
/// makes its own organization, so tests never see each other's data.
/// </summary>
public sealed class EnvelopeServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "envelope_client_test_" + Guid.NewGuid().ToString("N")[..12]);

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ENVELOPE_DATABASE", Path.Combine(_directory, "envelope.db"));
        builder.UseSetting("ENVELOPE_DATA_DIR", _directory);
    }

    /// <summary>A new organization on the team plan (room for many projects) and its owner token, made like the server's own tests do.</summary>
    public async Task<TestOrganization> CreateOrganizationAsync(string name = "acme")
    {
        await using var scope = Services.CreateAsyncScope();
        var provisioned = await scope.ServiceProvider.GetRequiredService<OrganizationProvisioner>().CreateAsync(name, "team");
        return new TestOrganization(this, provisioned.Organization.Id, provisioned.OwnerToken ?? throw new InvalidOperationException("No owner token was made."));
    }

    /// <summary>A client of the in-process server, with short retry delays so that retry tests stay fast.</summary>
    public EnvelopeClient CreateEnvelopeClient(string token, HttpMessageHandler? handler = null, Action<EnvelopeClientOptions>? configure = null)
    {
        var options = new EnvelopeClientOptions
        {
            Server = Server.BaseAddress,
            Token = token,
            HttpMessageHandler = handler ?? Server.CreateHandler(),
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        return new EnvelopeClient(options);
    }

    /// <summary>
    /// Runs SQL on the server's SQLite file over a connection of its own, as someone with access to the database (not
    /// through Envelope) would; returns the rows changed.
    /// </summary>
    public async Task<int> ExecuteOnDatabaseAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "envelope.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection goes with the temp directory.
        }
    }
}
