using Envelope.Client.Models;

namespace Envelope.Client.Tests.Infrastructure;

/// <summary>An organization made for one test, with its owner's client.</summary>
public sealed class TestOrganization(EnvelopeServer server, string id, string ownerToken) : IDisposable
{
    private readonly List<EnvelopeClient> _clients = [];
    private EnvelopeClient? _owner;

    public string Id { get; } = id;

    public string OwnerToken { get; } = ownerToken;

    public EnvelopeServer Server { get; } = server;

    public EnvelopeClient Client => _owner ??= NewClient(OwnerToken);

    public OrganizationClient Owner => Client.Organization(Id);

    public EnvelopeClient NewClient(string token, HttpMessageHandler? handler = null, Action<EnvelopeClientOptions>? configure = null)
    {
        var client = Server.CreateEnvelopeClient(token, handler, configure);
        _clients.Add(client);
        return client;
    }

    /// <summary>A token with exactly <paramref name="abilities"/>.</summary>
    public async Task<string> CreateTokenAsync(params string[] abilities) =>
        (await Owner.Tokens.CreateAsync(new CreateTokenRequest { Name = "test", Abilities = abilities })).Token;

    /// <summary>A server-managed project with one target and one environment.</summary>
    public async Task CreateHierarchyAsync(string project = "app", string target = "web", string environment = "prod", CreateProjectRequest? request = null)
    {
        await Owner.Projects.CreateAsync(request ?? new CreateProjectRequest { Name = project, Slug = project });
        await Owner.Targets.CreateAsync(project, new CreateNodeRequest { Name = target, Slug = target });
        await Owner.Environments.CreateAsync(project, target, new CreateNodeRequest { Name = environment, Slug = environment });
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
