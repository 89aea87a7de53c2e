using System.Text.Json;
using FluxMirror.Domain.Signatures.Tuf;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Tuf;

/// <summary>The TUF client against a repository served on loopback: updates that succeed, rotations, the cache.</summary>
public sealed class TufClientTests
{
    [Fact]
    public async Task Fetches_the_target_through_consistent_snapshot_paths()
    {
        await using var bed = await TufTestBed.StartAsync();

        var target = await bed.FetchAsync(cached: false);

        Assert.Equal(TufTestBed.TargetContent, target);
        Assert.Equal(
            ["/metadata/2.root.json", "/metadata/timestamp.json", "/metadata/1.snapshot.json", "/metadata/1.targets.json", "/" + bed.TargetFile],
            bed.Server.Requests);
    }

    [Fact]
    public async Task Follows_root_rotations_from_version_1_to_3()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository =>
        {
            repository.RotateRoot();
            repository.RotateRoot(newKeyCount: 3, threshold: 2, rotateOnlineKeys: true);
        });

        Assert.Equal(TufTestBed.TargetContent, await bed.FetchAsync());

        Assert.Equal(["/metadata/2.root.json", "/metadata/3.root.json", "/metadata/4.root.json"], bed.Server.Requests.Where(p => p.EndsWith(".root.json", StringComparison.Ordinal)));
        Assert.Equal(3, CachedRootVersion(bed));
    }

    [Fact]
    public async Task An_expired_initial_root_is_trusted_as_the_start_of_the_chain()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository =>
        {
            repository.RootExpires = TufTestBed.Now.AddYears(2);
            repository.RotateRoot();
        });
        bed.Clock.Advance(TimeSpan.FromDays(400));
        bed.Repository.TimestampExpires = bed.Repository.SnapshotExpires = bed.Repository.TargetsExpires = TufTestBed.Now.AddYears(2);
        bed.Repository.Publish();

        Assert.Equal(TufTestBed.TargetContent, await bed.FetchAsync());
    }

    [Fact]
    public async Task Rotations_stop_after_32_new_roots()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository =>
        {
            for (var i = 0; i < 35; i++)
            {
                repository.RotateRoot();
            }
        });

        Assert.Equal(TufTestBed.TargetContent, await bed.FetchAsync());

        Assert.Contains("/metadata/33.root.json", bed.Server.Requests);
        Assert.DoesNotContain("/metadata/34.root.json", bed.Server.Requests);
        Assert.Equal(33, CachedRootVersion(bed));
    }

    [Fact]
    public async Task A_threshold_of_two_of_three_keys_is_met_by_two_signatures()
    {
        await using var bed = await TufTestBed.StartAsync(targetsKeys: 3, targetsThreshold: 2, configure: repository =>
            repository.TargetsSigners = [repository.TargetsKeys[0], repository.TargetsKeys[2]]);

        Assert.Equal(TufTestBed.TargetContent, await bed.FetchAsync());
    }

    [Fact]
    public async Task A_second_client_on_the_same_cache_uses_the_cached_target_and_a_third_follows_a_rotation()
    {
        await using var bed = await TufTestBed.StartAsync();
        await bed.FetchAsync();
        bed.Server.ClearRequests();

        Assert.Equal(TufTestBed.TargetContent, await bed.FetchAsync());
        Assert.Equal(["/metadata/2.root.json", "/metadata/timestamp.json"], bed.Server.Requests);

        bed.Repository.RotateRoot(rotateOnlineKeys: true);
        bed.Repository.TimestampVersion = 2;
        bed.Repository.Publish();
        bed.Server.ClearRequests();

        Assert.Equal(TufTestBed.TargetContent, await bed.FetchAsync());
        Assert.Equal(2, CachedRootVersion(bed));
        Assert.Contains("/metadata/2.root.json", bed.Server.Requests);
        Assert.DoesNotContain(bed.Server.Requests, p => p.StartsWith("/targets/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_target_is_downloaded_again_and_replaces_the_cached_one()
    {
        await using var bed = await TufTestBed.StartAsync();
        await bed.FetchAsync();
        var changed = "{\"changed\":true}"u8.ToArray();
        bed.Repository.SetTarget(TufTestBed.TargetName, changed);
        bed.Repository.TargetsVersion = bed.Repository.SnapshotVersion = bed.Repository.TimestampVersion = 2;
        bed.Repository.Publish();

        Assert.Equal(changed, await bed.FetchAsync());
        Assert.Equal(changed, await File.ReadAllBytesAsync(Path.Combine(bed.CacheDirectory, "targets", TufTestBed.TargetName), TestContext.Current.CancellationToken));
    }

    private static long CachedRootVersion(TufTestBed bed)
    {
        using var root = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(bed.CacheDirectory, "root.json")));
        return root.RootElement.GetProperty("signed").GetProperty("version").GetInt64();
    }
}
