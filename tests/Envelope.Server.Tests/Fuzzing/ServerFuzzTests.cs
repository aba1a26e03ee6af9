using System.Collections.Concurrent;
using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>
/// Property: no generated request, however malformed, gets a 5xx, and every 4xx is JSON (HTML only from the OAuth
/// browser pages). Two classes of 5,000 requests each, so xunit runs them side by side on their own servers;
/// together they send 10,000. On a failure CsCheck shrinks to a minimal request and prints it with its seed.
/// </summary>
public abstract class ServerFuzzTestsBase(FuzzFixture fixture, ITestOutputHelper output)
{
    public const int Iterations = 5_000;

    protected async Task RunAsync(string name)
    {
        var count = 0L;
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        await RequestGenerators.Requests(fixture.World, RequestGenerators.Endpoints, readOnly: false).SampleAsync(
            async request =>
            {
                Interlocked.Increment(ref count);
                var status = await FuzzAssertions.SendAndCheckAsync(fixture.Client, request);
                statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
            },
            iter: Iterations,
            print: request => request.ToString());
        FuzzAssertions.Report(output, name, count, clock.Elapsed, statuses);
        Assert.True(count >= Iterations, $"only {count} requests were sent");
    }
}

public sealed class ServerFuzzTests(FuzzFixture fixture, ITestOutputHelper output) : ServerFuzzTestsBase(fixture, output), IClassFixture<FuzzFixture>
{
    [Fact]
    public Task MalformedRequests_OverEveryEndpoint_NeverAnswer5xx_AndErrorsAreJson() => RunAsync(nameof(ServerFuzzTests));
}

public sealed class ServerFuzzTests2(FuzzFixture fixture, ITestOutputHelper output) : ServerFuzzTestsBase(fixture, output), IClassFixture<FuzzFixture>
{
    [Fact]
    public Task MalformedRequests_OverEveryEndpoint_NeverAnswer5xx_AndErrorsAreJson() => RunAsync(nameof(ServerFuzzTests2));
}
