using Envelope.Client.Models;
using Envelope.Client.Tests.Infrastructure;

namespace Envelope.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class PaginationTests(EnvelopeServer server)
{
    [Fact]
    public async Task ListTargets_SevenAcrossPagesOfThree_EnumeratesEveryTargetWithThreeRequests()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.Owner.Projects.CreateAsync(new CreateProjectRequest { Name = "app" });
        var slugs = Enumerable.Range(1, 7).Select(i => $"t{i}").ToList();
        foreach (var slug in slugs)
        {
            await org.Owner.Targets.CreateAsync("app", new CreateNodeRequest { Name = slug });
        }

        var handler = new ScriptedHandler(server.Server.CreateHandler());
        var listed = new List<string>();
        await foreach (var target in org.NewClient(org.OwnerToken, handler).Organization(org.Id).Targets.ListAsync("app", pageSize: 3))
        {
            listed.Add(target.Slug);
        }

        Assert.Equal(slugs, listed);
        Assert.Equal(3, handler.AttemptsAt("/targets"));
    }

    [Fact]
    public async Task GetPage_PastTheLastPage_ReturnsNoItemsWithTheTrueTotals()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();

        var page = await org.Owner.Targets.GetPageAsync("app", page: 5, perPage: 10);

        Assert.Empty(page.Items);
        Assert.Equal(5, page.CurrentPage);
        Assert.Equal(1, page.Total);
        Assert.Equal(1, page.LastPage);
    }

    [Fact]
    public async Task ListVersions_FiveStoresInPagesOfTwo_EnumeratesNewestFirst()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var secrets = new ServerManagedSecrets(org.Owner, "app");
        var level = new LevelPath("app", "web", "prod");
        var stored = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            stored.Add((await secrets.PushAsync(level, $"N={i}\n")).Version!.Value);
        }

        var listed = new List<long>();
        await foreach (var version in org.Owner.Versions.ListAsync(level, pageSize: 2))
        {
            listed.Add(version.Id);
        }

        Assert.Equal(Enumerable.Reverse(stored), listed);
    }

    [Fact]
    public async Task ListAsync_CancelledBetweenPages_StopsEnumerating()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.Owner.Projects.CreateAsync(new CreateProjectRequest { Name = "app" });
        for (var i = 0; i < 4; i++)
        {
            await org.Owner.Targets.CreateAsync("app", new CreateNodeRequest { Name = $"t{i}" });
        }

        using var cancellation = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in org.Owner.Targets.ListAsync("app", pageSize: 2).WithCancellation(cancellation.Token))
            {
                if (++seen == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(2, seen);
    }
}
