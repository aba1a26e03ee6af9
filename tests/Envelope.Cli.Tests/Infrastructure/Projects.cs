using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Cli.Tests.Infrastructure;

/// <summary>Sets up projects with the library, so that the CLI tests exercise only the commands they name.</summary>
public static class Projects
{
    public static EnvelopeClient OwnerClient(ServerProcess server) =>
        new(new EnvelopeClientOptions { Server = server.Server, Token = server.OwnerToken, MaxRetryAttempts = 0 });

    /// <summary>A project with target <c>backend</c> and its environment <c>production</c>; returns the project slug.</summary>
    public static async Task<string> CreateAsync(ServerProcess server, CreateProjectRequest? request = null)
    {
        using var client = OwnerClient(server);
        var organization = client.Organization(server.Organization);
        var project = await organization.Projects.CreateAsync(request ?? new CreateProjectRequest { Name = UniqueName() });
        await organization.Targets.CreateAsync(project.Slug, new CreateNodeRequest { Name = "backend" });
        await organization.Environments.CreateAsync(project.Slug, "backend", new CreateNodeRequest { Name = "production" });
        return project.Slug;
    }

    public static string UniqueName() => "app-" + Guid.NewGuid().ToString("N")[..10];
}
