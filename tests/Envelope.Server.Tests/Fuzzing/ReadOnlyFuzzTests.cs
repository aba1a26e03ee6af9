using System.Collections.Concurrent;
using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;

namespace Envelope.Server.Tests.Fuzzing;

/// <summary>
/// Property: GET/HEAD over every readable endpoint and the read-only POSTs (secrets/retrieve, secrets/versions,
/// re-encrypt-history/pending), with any token and any malformed input, change no row of the database.
/// Excluded, and only that: <c>secret_versions.LastAccessedAt</c> (see <see cref="DatabaseSnapshot.ExcludedColumns"/>).
/// The fake clock is not advanced between the snapshots, so the last-access flush cannot run in the window anyway.
/// </summary>
public sealed class ReadOnlyFuzzTests(FuzzFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    public const int Iterations = 3_000;

    [Fact]
    public async Task ReadOnlyRequests_LeaveTheDatabaseUnchanged()
    {
        var now = fixture.App.Time.GetUtcNow();
        var before = await DatabaseSnapshot.TakeAsync(fixture.App.Database);
        var count = 0L;
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();

        await RequestGenerators.Requests(fixture.World, RequestGenerators.ReadableEndpoints, readOnly: true).SampleAsync(
            async request =>
            {
                Interlocked.Increment(ref count);
                var status = await FuzzAssertions.SendAndCheckAsync(fixture.Client, request);
                statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
            },
            iter: Iterations,
            print: request => request.ToString());

        var after = await DatabaseSnapshot.TakeAsync(fixture.App.Database);
        FuzzAssertions.Report(output, nameof(ReadOnlyFuzzTests), count, clock.Elapsed, statuses);
        Assert.Equal(now, fixture.App.Time.GetUtcNow());
        Assert.True(statuses.GetValueOrDefault(200) > 0, "no read succeeded: the generator only produced errors");
        var differences = after.DifferencesFrom(before);
        Assert.True(differences.Count == 0, "read-only requests changed the database:\n" + string.Join('\n', differences));
        Assert.Equal(before.Hashes, after.Hashes);
    }

    [Fact]
    public async Task Snapshot_SeesAWrite()
    {
        // The comparison would be worthless if the snapshot missed changes: a write must show.
        var app = new Infrastructure.EnvelopeApplication();
        await app.InitializeAsync();
        try
        {
            var org = await app.CreateOrganizationAsync("snap");
            var before = await DatabaseSnapshot.TakeAsync(app.Database);
            await org.CreateProjectAsync("written");
            var after = await DatabaseSnapshot.TakeAsync(app.Database);
            Assert.Contains(after.DifferencesFrom(before), d => d.StartsWith("projects:", StringComparison.Ordinal));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
