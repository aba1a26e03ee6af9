using Envelope.Client;
using Envelope.Client.Models;

namespace Envelope.Sample;

/// <summary>
/// <c>dotnet run -- seed</c>: creates the project, target and environment the ENVELOPE_* variables name (client-managed
/// when ENVELOPE_CLIENT_KEY is set) and stores a GREETING there, so that the app has something to read.
/// </summary>
internal static class Seed
{
    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        string Required(string name) => configuration[name] is { Length: > 0 } value ? value : throw new InvalidOperationException($"Set {name}.");
        var project = Required("ENVELOPE_PROJECT");
        var target = configuration["ENVELOPE_TARGET"] ?? "web";
        var environment = configuration["ENVELOPE_ENVIRONMENT"] ?? "dev";
        var clientKey = configuration["ENVELOPE_CLIENT_KEY"];

        using var envelope = new EnvelopeClient(new EnvelopeClientOptions { Server = new Uri(Required("ENVELOPE_SERVER")), Token = Required("ENVELOPE_TOKEN") });
        var organization = envelope.Organization(Required("ENVELOPE_ORGANIZATION"));
        await CreateIfMissingAsync(() => organization.Projects.CreateAsync(clientKey is null
            ? new CreateProjectRequest { Name = project, Slug = project }
            : ClientManagedSecrets.CreateProjectRequest(project, clientKey, project)));
        await CreateIfMissingAsync(() => organization.Targets.CreateAsync(project, new CreateNodeRequest { Name = target, Slug = target }));
        await CreateIfMissingAsync(() => organization.Environments.CreateAsync(project, target, new CreateNodeRequest { Name = environment, Slug = environment }));

        var level = new LevelPath(project, target, environment);
        const string dotenv = "GREETING='hello from Envelope'\n";
        var stored = clientKey is null
            ? await new ServerManagedSecrets(organization, project).PushAsync(level, dotenv)
            : await new ClientManagedSecrets(organization, project, clientKey).PushAsync(level, dotenv);
        Console.WriteLine($"Stored GREETING at {level} (version {stored.Version}).");
        return 0;
    }

    private static async Task CreateIfMissingAsync(Func<Task> create)
    {
        try
        {
            await create();
        }
        catch (EnvelopeApiException e) when (e.ErrorCode == EnvelopeErrorCodes.SlugTaken)
        {
            // Already there from an earlier run.
        }
    }
}
