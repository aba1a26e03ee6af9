// Reads its secrets from Envelope. Where they live comes from the environment, never from the source:
// ENVELOPE_SERVER, ENVELOPE_TOKEN, ENVELOPE_ORGANIZATION, ENVELOPE_PROJECT, and optionally ENVELOPE_TARGET,
// ENVELOPE_ENVIRONMENT and ENVELOPE_CLIENT_KEY (for a client-managed project).
var builder = WebApplication.CreateBuilder(args);
if (args is ["seed", ..])
{
    return await Envelope.Sample.Seed.RunAsync(builder.Configuration);
}

// Configuration loads before the app's logging exists, so the provider gets a console logger of its own.
using var providerLogging = LoggerFactory.Create(logging => logging.AddConsole());
builder.Configuration.AddEnvelopeSecrets(options =>
{
    options.Server = new Uri(Required("ENVELOPE_SERVER"));
    options.Token = Required("ENVELOPE_TOKEN");
    options.Organization = Required("ENVELOPE_ORGANIZATION");
    options.Project = Required("ENVELOPE_PROJECT");
    options.Target = builder.Configuration["ENVELOPE_TARGET"];
    options.Environment = builder.Configuration["ENVELOPE_ENVIRONMENT"];
    options.ClientKey = builder.Configuration["ENVELOPE_CLIENT_KEY"];
    options.ReloadInterval = TimeSpan.FromSeconds(30);
    options.LoggerFactory = providerLogging;
});

var app = builder.Build();

// GREETING is not a secret, so it can be shown; a real app would read ConnectionStrings:Main and the like.
app.MapGet("/", (IConfiguration configuration) => $"GREETING = {configuration["GREETING"] ?? "(not set in Envelope)"}\n");

await app.RunAsync();
return 0;

string Required(string name) =>
    builder.Configuration[name] is { Length: > 0 } value ? value : throw new InvalidOperationException($"Set the {name} environment variable (see docs/client.md).");
