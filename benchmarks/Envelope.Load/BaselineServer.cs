using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Envelope.Load;

/// <summary>
/// The do-nothing framework baseline, in this process on a loopback port: the same host defaults, Kestrel and JSON
/// conventions as the server, with handlers that only serialize (GET) or read and answer (POST) a body of the same shape.
/// </summary>
internal sealed class BaselineServer : IAsyncDisposable
{
    public const string Path = "/baseline";

    private readonly WebApplication _app;

    private BaselineServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BaselineServer> StartAsync(IReadOnlyDictionary<string, string> merged, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // As the server is run here: nothing below Warning is logged.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = EnvelopeApi.Json.PropertyNamingPolicy;
            options.SerializerOptions.DefaultIgnoreCondition = EnvelopeApi.Json.DefaultIgnoreCondition;
        });

        var app = builder.Build();
        var read = new BaselineRead(new BaselineSecrets(new BaselineAttributes(false, "merged", merged)));
        long versions = 0;
        app.MapGet(Path, () => TypedResults.Ok(read));
        app.MapPost(Path, (StoreBody body) => TypedResults.Ok(new BaselineStored(
            new BaselineStoreResult("environment", body.Environment ?? body.Target ?? body.Project, body.Content.Length, "01KBASELINE0000000000000000", Interlocked.Increment(ref versions)),
            "Secrets stored successfully.")));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new BaselineServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
