using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Envelope.Server.Tests.Infrastructure;

/// <summary>The console's static files, asked for by paths that try to leave wwwroot, through the real Kestrel parser.</summary>
public sealed class ConsoleTraversalTests : IAsyncLifetime
{
    private readonly EnvelopeApplication _app = new();
    private string _baseUrl = string.Empty;

    public static TheoryData<string> Traversals => new()
    {
        "/console/assets/%2F..%2F..%2Fappsettings.json",
        "/console/assets/..%2F..%2F..%2Fappsettings.json",
        "/console/assets/..%5C..%5C..%5Cappsettings.json",
        "/console/assets/%2e%2e/%2e%2e/%2e%2e/appsettings.json",
        "/console/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fappsettings.json",
        "/console/assets/%252e%252e%252f%252e%252e%252fappsettings.json",
        "/console/assets/..\\..\\..\\appsettings.json",
        "/console/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/appsettings.json",
        "/console/assets/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afappsettings.json",
        "/console/assets/../../../appsettings.json",
        "/console/assets/..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/console/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/console/assets/....//....//....//etc/passwd",
        "/console/%2e%2e/appsettings.json",
        "/console/assets/%2e%2e/%2e%2e/%2e%2e/master.key",
        "/console/assets/..%2F..%2F..%2FEnvelope.Server.dll",
        "/console/assets/%00../../appsettings.json",
    };

    [Theory]
    [MemberData(nameof(Traversals))]
    public async Task ConsoleFiles_CannotBeLeftByAnEncodedPath(string path)
    {
        var (status, served) = await RawGetAsync(path);
        var text = System.Text.Encoding.Latin1.GetString(served);

        Assert.True(status is > 0 and < 500, $"{path}: {status}");
        Assert.DoesNotContain("AllowedHosts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("This program cannot be run in DOS mode", text, StringComparison.Ordinal);
        if (status == 200)
        {
            // Anything served is one of the console's own files.
            var assets = Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "src", "Envelope.Server", "wwwroot"), "*", SearchOption.AllDirectories);
            Assert.Contains(assets, file => File.ReadAllBytes(file).AsSpan().SequenceEqual(served));
        }
    }

    [Fact]
    public async Task ConsoleFiles_AreStillServed()
    {
        var (status, _) = await RawGetAsync("/console/assets/app.js");

        Assert.Equal(200, status);
    }

    // Over a socket, as sent: System.Uri and the test server would resolve the dot segments before the server saw them.
    private async Task<(int Status, byte[] Body)> RawGetAsync(string path)
    {
        var url = new Uri(_baseUrl);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes($"GET {path} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: close\r\n\r\n"));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received);
        var raw = received.ToArray();
        var head = System.Text.Encoding.Latin1.GetString(raw);
        var end = head.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var status = head.Length > 12 && int.TryParse(head.AsSpan(9, 3), out var code) ? code : 0;
        return (status, end < 0 ? [] : raw[(end + 4)..]);
    }

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)_app).InitializeAsync();
        _app.UseKestrel(0);
        _app.StartServer();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        _baseUrl = addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    public Task DisposeAsync() => ((IAsyncLifetime)_app).DisposeAsync();
}
