using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Envelope.Server.Data;

internal sealed class DatabaseHealthCheck(EnvelopeDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database is unreachable.");
}
