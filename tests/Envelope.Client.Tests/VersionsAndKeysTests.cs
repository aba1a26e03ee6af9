using Envelope.Client.Models;
using Envelope.Client.Tests.Infrastructure;

namespace Envelope.Client.Tests;

[Collection(ServerCollection.Name)]
public sealed class VersionsAndKeysTests(EnvelopeServer server)
{
    private static readonly LevelPath Production = new("app", "web", "prod");

    [Fact]
    public async Task Versions_RestoreDestroyDeletePurge_FollowTheLifecycle()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var secrets = new ServerManagedSecrets(org.Owner, "app");
        var first = (await secrets.PushAsync(Production, "A=1\n")).Version!.Value;
        var second = (await secrets.PushAsync(Production, "A=2\n")).Version!.Value;
        var versions = org.Owner.Versions;

        var fetched = await versions.GetAsync(first);
        var restored = await versions.RestoreAsync(first);
        var destroyed = await versions.DestroyAsync(second);
        var gone = await Assert.ThrowsAsync<EnvelopeApiException>(() => versions.GetAsync(second));
        await versions.DeleteAsync(second);

        Assert.NotNull(fetched.Content);
        Assert.NotNull(fetched.Key?.Key);
        Assert.Equal(first, restored.RestoredFrom);
        Assert.Equal("1", (await secrets.PullAsync(Production)).Merged["A"]);
        Assert.Equal("destroyed", destroyed.Status);
        Assert.Equal(EnvelopeErrorCodes.VersionDestroyed, gone.ErrorCode);
        Assert.Equal(2, await versions.PurgeAsync(Production));
        Assert.Empty((await versions.GetPageAsync(Production)).Items);
    }

    [Fact]
    public async Task DeleteSecrets_ThenRestoreTheSnapshot_BringsTheValuesBack()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var secrets = new ServerManagedSecrets(org.Owner, "app");
        await secrets.PushAsync(Production, "A=1\n");

        await org.Owner.Secrets.DeleteAsync(Production);
        var snapshot = (await org.Owner.Versions.GetPageAsync(Production)).Items[0];
        Assert.Null((await org.Owner.Secrets.ReadAsync(Production)).Environment);
        await org.Owner.Versions.RestoreAsync(snapshot.Id);

        Assert.Equal("delete", snapshot.Reason);
        Assert.Equal("1", (await secrets.PullAsync(Production)).Merged["A"]);
        await org.Owner.Secrets.DeleteWithHistoryAsync(Production);
        Assert.Empty((await org.Owner.Versions.GetPageAsync(Production)).Items);
    }

    [Fact]
    public async Task ServerKey_RotateWithReEncrypt_ReportsTheJobAndTheHistory()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        await new ServerManagedSecrets(org.Owner, "app").PushAsync(Production, "A=1\n");
        var keys = org.Owner.EncryptionKeys;

        var rotation = await keys.RotateAsync("app", HistoryPolicy.ReEncrypt);
        var history = await keys.GetHistoryAsync("app");
        var jobs = new List<KeyJob>();
        await foreach (var job in keys.ListJobsAsync("app"))
        {
            jobs.Add(job);
        }

        Assert.Equal(2, rotation.Key.Version);
        Assert.Equal(KeyManagement.Server, rotation.Key.Managed);
        Assert.NotNull(rotation.Job);
        Assert.Equal([2, 1], history.Select(k => k.Version));
        Assert.True(history[0].Active);
        Assert.Equal("retired", history[1].State);
        Assert.Equal(rotation.Job!.Id, Assert.Single(jobs).Id);
        Assert.Equal(2, (await keys.GetJobAsync("app", rotation.Job.Id)).TargetKeyVersion);
    }

    [Fact]
    public async Task KeyStates_DisableScheduleCancelEnable_BlockValuesWhileNotActive()
    {
        using var org = await server.CreateOrganizationAsync();
        await org.CreateHierarchyAsync();
        var keys = org.Owner.EncryptionKeys;
        var secrets = new ServerManagedSecrets(org.Owner, "app");

        Assert.Equal("disabled", (await keys.DisableAsync("app")).State);
        var blocked = await Assert.ThrowsAsync<EnvelopeApiException>(() => org.Owner.Secrets.ReadMergedAsync(Production));
        var scheduled = await keys.ScheduleDeletionAsync("app", days: 7);
        Assert.Equal("disabled", (await keys.CancelDeletionAsync("app")).State);
        Assert.Equal("active", (await keys.EnableAsync("app")).State);
        await secrets.PushAsync(Production, "A=1\n");

        Assert.Equal(EnvelopeErrorCodes.KeyUnavailable, blocked.ErrorCode);
        Assert.Equal("pending_deletion", scheduled.State);
        Assert.NotNull(scheduled.DeletionScheduledFor);
        var invalid = await Assert.ThrowsAsync<EnvelopeApiException>(() => keys.CancelDeletionAsync("app"));
        Assert.Equal(EnvelopeErrorCodes.InvalidKeyState, invalid.ErrorCode);
    }
}
