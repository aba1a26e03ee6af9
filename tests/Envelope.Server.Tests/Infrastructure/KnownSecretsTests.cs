using Microsoft.Extensions.Logging;

namespace Envelope.Server.Tests.Infrastructure;

public sealed class KnownSecretsTests
{
    [Fact]
    public void FoundIn_ALogLineOrExceptionHoldingASecret_ReportsIt()
    {
        var secret = KnownSecrets.Register($"envl_{Guid.NewGuid():N}");
        using var logs = new CapturedLogs();
        var logger = logs.CreateLogger("test");

        logger.LogWarning(new InvalidOperationException($"failed with {secret}"), "Something went wrong");

        Assert.Equal([secret], KnownSecrets.FoundIn(logs.Lines));
        Assert.Empty(KnownSecrets.FoundIn(["an innocent line"]));
    }
}
