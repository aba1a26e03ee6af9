using System.Collections.Concurrent;
using Envelope.Server.Data;
using Microsoft.Extensions.Options;

namespace Envelope.Server.RateLimiting;

/// <summary>
/// Each organization's allowance per minute, from its plan, remembered briefly so that a request does not pay for a
/// plan lookup; a plan change takes effect within <see cref="RateLimitOptions.PlanCacheDuration"/>.
/// </summary>
internal sealed class OrganizationRequestLimits(TimeProvider time, IOptions<RateLimitOptions> options)
{
    private const int SweepAbove = 10_000;
    private readonly ConcurrentDictionary<string, (int Limit, DateTimeOffset Until)> _limits = new(StringComparer.Ordinal);

    public async ValueTask<int> GetAsync(string organizationId, EnvelopeDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_limits.TryGetValue(organizationId, out var cached) && cached.Until > now)
        {
            return cached.Limit;
        }

        var planLimit = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == organizationId)
            .Select(o => (int?)o.Plan!.RequestsPerMinute)
            .SingleOrDefaultAsync(cancellationToken);
        // An organization that has just been deleted, or a plan row without an allowance, gets the default.
        var limit = planLimit is > 0 ? planLimit.Value : RateLimitPolicies.DefaultPerMinute;
        _limits[organizationId] = (limit, now + options.Value.PlanCacheDuration);

        if (_limits.Count > SweepAbove)
        {
            foreach (var entry in _limits.Where(e => e.Value.Until <= now))
            {
                _limits.TryRemove(entry);
            }
        }

        return limit;
    }
}
