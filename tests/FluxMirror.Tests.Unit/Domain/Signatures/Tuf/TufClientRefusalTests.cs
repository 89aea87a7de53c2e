using FluxMirror.Domain.Signatures.Tuf;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Tuf;

/// <summary>Every way the TUF client refuses a repository, with the exact one-line message.</summary>
public sealed class TufClientRefusalTests
{
    [Fact]
    public async Task A_new_root_not_signed_by_the_trusted_root_keys_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.RotateRoot(signWithOldKeys: false));

        Assert.Equal("root.json version 2: signature threshold not met (0 of 1)", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_new_root_not_signed_by_its_own_keys_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.RotateRoot(newKeyCount: 2, threshold: 2, signWithNewKeys: false));

        Assert.Equal("root.json version 2: signature threshold not met (0 of 2)", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_new_root_with_bad_signatures_is_refused_and_not_cached()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.RotateRoot());
        bed.Repository.CorruptSignatures("2.root.json");

        Assert.Equal("root.json version 2: signature threshold not met (0 of 1)", await bed.RefusalAsync());
        Assert.False(File.Exists(Path.Combine(bed.CacheDirectory, "root.json")));
    }

    [Fact]
    public async Task A_root_file_holding_another_version_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync();
        // Validly signed by the trusted keys, but an old version served as the next one (a replay).
        bed.Repository.Overwrite("2.root.json", bed.Repository.InitialRoot);

        Assert.Equal("root.json version 2: the file holds version 1", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_timestamp_over_16_KiB_is_refused_while_reading()
    {
        await using var bed = await TufTestBed.StartAsync();
        bed.Repository.Overwrite("timestamp.json", new byte[16 * 1024 + 1]);

        Assert.Equal("timestamp.json: larger than the 16384 byte limit", await bed.RefusalAsync());
    }

    [Fact]
    public async Task An_expired_root_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository =>
        {
            repository.RootExpires = TufTestBed.Now.AddHours(-1);
            repository.RotateRoot();
        });

        Assert.Equal("root.json expired at 2026-12-03T11:00:00Z", await bed.RefusalAsync());
    }

    [Fact]
    public async Task An_expired_timestamp_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.TimestampExpires = TufTestBed.Now);

        Assert.Equal("timestamp.json expired at 2026-12-03T12:00:00Z", await bed.RefusalAsync());
    }

    [Fact]
    public async Task An_expired_snapshot_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.SnapshotExpires = TufTestBed.Now.AddDays(-2));

        Assert.Equal("snapshot.json expired at 2026-12-01T12:00:00Z", await bed.RefusalAsync());
    }

    [Fact]
    public async Task An_expired_targets_file_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.TargetsExpires = TufTestBed.Now.AddMinutes(-1));

        Assert.Equal("targets.json expired at 2026-12-03T11:59:00Z", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_timestamp_older_than_the_cached_one_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.TimestampVersion = 5);
        await bed.FetchAsync();
        bed.Repository.TimestampVersion = 4;
        bed.Repository.Publish();

        Assert.Equal("timestamp.json: version 4 is lower than the trusted version 5 (rollback)", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_timestamp_naming_an_older_snapshot_than_the_cached_one_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.SnapshotVersion = 5);
        await bed.FetchAsync();
        bed.Repository.TimestampVersion = 2;
        bed.Repository.SnapshotVersion = 4;
        bed.Repository.Publish();

        Assert.Equal("snapshot.json: version 4 is lower than the trusted version 5 (rollback)", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_snapshot_naming_an_older_targets_file_than_the_cached_one_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.TargetsVersion = 3);
        await bed.FetchAsync();
        bed.Repository.TimestampVersion = bed.Repository.SnapshotVersion = 2;
        bed.Repository.TargetsVersion = 2;
        bed.Repository.Publish();

        Assert.Equal("snapshot.json: targets.json version 2 is lower than the trusted version 3 (rollback)", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_snapshot_that_does_not_match_the_timestamp_hash_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync();
        bed.Repository.Tamper("1.snapshot.json");

        Assert.Equal("snapshot.json: hash mismatch", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_targets_file_of_another_length_than_the_snapshot_says_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync();
        var published = bed.Repository.Files["1.targets.json"];
        bed.Repository.Overwrite("1.targets.json", [.. published, (byte)'\n']);

        Assert.Equal($"targets.json: larger than the {published.Length} byte limit", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_target_that_does_not_match_its_hashes_is_refused_and_not_cached()
    {
        await using var bed = await TufTestBed.StartAsync();
        bed.Repository.Tamper(bed.TargetFile);

        Assert.Equal("trusted_root.json: hash mismatch", await bed.RefusalAsync());
        Assert.False(Directory.Exists(Path.Combine(bed.CacheDirectory, "targets")));
    }

    [Fact]
    public async Task A_cached_target_that_no_longer_matches_is_downloaded_again()
    {
        await using var bed = await TufTestBed.StartAsync();
        await bed.FetchAsync();
        await File.WriteAllTextAsync(Path.Combine(bed.CacheDirectory, "targets", TufTestBed.TargetName), "stale", TestContext.Current.CancellationToken);
        bed.Server.ClearRequests();

        Assert.Equal(TufTestBed.TargetContent, await bed.FetchAsync());
        Assert.Contains("/" + bed.TargetFile, bed.Server.Requests);
    }

    [Fact]
    public async Task Targets_signed_by_one_of_three_keys_with_a_threshold_of_two_are_refused_even_if_that_key_signs_twice()
    {
        await using var bed = await TufTestBed.StartAsync(targetsKeys: 3, targetsThreshold: 2, configure: repository =>
            repository.TargetsSigners = [repository.TargetsKeys[1], repository.TargetsKeys[1]]);

        Assert.Equal("targets.json: signature threshold not met (1 of 2)", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_timestamp_with_a_bad_signature_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync();
        bed.Repository.CorruptSignatures("timestamp.json");

        Assert.Equal("timestamp.json: signature threshold not met (0 of 1)", await bed.RefusalAsync());
    }

    [Fact]
    public async Task A_target_the_repository_does_not_list_is_refused()
    {
        await using var bed = await TufTestBed.StartAsync();

        var refusal = await Assert.ThrowsAsync<TufException>(() =>
            bed.Client().GetTargetAsync("other.json", TestContext.Current.CancellationToken));

        Assert.Equal("other.json: no such target in targets.json", refusal.Message);
    }

    [Fact]
    public async Task A_target_only_a_delegated_role_could_list_is_refused_as_unsupported()
    {
        await using var bed = await TufTestBed.StartAsync(configure: repository => repository.DelegatedRoles = ["registry.npmjs.org"]);

        var refusal = await Assert.ThrowsAsync<TufException>(() =>
            bed.Client().GetTargetAsync("registry.npmjs.org/keys.json", TestContext.Current.CancellationToken));

        Assert.Equal("registry.npmjs.org/keys.json: not a top-level target of targets.json, and delegated targets are not supported", refusal.Message);
        Assert.Equal(TufTestBed.TargetContent, await bed.FetchAsync());
    }

    [Fact]
    public async Task A_cancelled_caller_gets_a_cancellation_not_a_refusal()
    {
        await using var bed = await TufTestBed.StartAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.Client().GetTargetAsync(TufTestBed.TargetName, cancelled.Token));
    }

    [Fact]
    public async Task A_missing_timestamp_is_an_http_error_naming_the_url()
    {
        await using var bed = await TufTestBed.StartAsync();
        bed.Repository.Remove("timestamp.json");

        Assert.Equal($"timestamp.json: HTTP 404 from {bed.Server.MetadataUrl}timestamp.json", await bed.RefusalAsync());
    }
}
