using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Sync;

/// <summary>
/// Registries that misbehave on both sides — 429 with Retry-After, 503, connections reset halfway through a download
/// or an upload — cost retries, never a tag: every tag still arrives byte-identical. Two faults of each kind on each
/// side, 12 in all, against 13 attempts per tag: no tag can run out of attempts.
/// </summary>
[Collection("Sync")]
public sealed class FaultInjectionSyncTests
{
    private const int Tags = 20;

    [Fact]
    public async Task A_job_under_429s_503s_and_mid_body_resets_on_both_sides_copies_every_tag_byte_identically()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await RegistryProcess.StartAsync(ct: ct);
        await using var destination = await RegistryProcess.StartAsync(ct: ct);
        using var seeder = new RegistrySeeder(source);
        var pushed = new Dictionary<string, string>();
        for (var i = 0; i < Tags; i++)
        {
            var image = await seeder.PushImageAsync("team/app", $"1.{i}.0", layers: 2, layerSize: 8192, ct: ct);
            pushed[$"1.{i}.0"] = image.Digest;
        }

        await using var sourceProxy = await LoopbackProxy.StartAsync(source.BaseUri, ct);
        await using var destinationProxy = await LoopbackProxy.StartAsync(destination.BaseUri, ct);
        sourceProxy.Faults = new FaultSchedule(everyTooManyRequests: 11, everyUnavailable: 7, everyReset: 5);
        destinationProxy.Faults = new FaultSchedule(everyTooManyRequests: 13, everyUnavailable: 9, everyReset: 4);

        using var cli = new FluxMirrorCli();
        var result = await cli.SyncAsync(
            SyncConfigs.Config(SyncConfigs.Artifact($"{sourceProxy.Host}/team/app", $"{destinationProxy.Host}/mirror/app")),
            "-o", "json", "--retries", "12", "--concurrency", "4");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.StandardError}\n{result.StandardOutput}");
        var summary = JsonNode.Parse(result.StandardOutput)!["report"]!["summary"]!;
        Assert.Equal(Tags, summary["copied"]!.GetValue<int>());
        using var destinationSeeder = new RegistrySeeder(destination);
        foreach (var (tag, digest) in pushed)
        {
            // The manifest digest covers the config and every layer digest; the registry verified each blob's digest on upload.
            Assert.Equal(digest, await destinationSeeder.ManifestDigestAsync("mirror/app", tag, ct));
        }

        foreach (var proxy in new[] { sourceProxy, destinationProxy })
        {
            Assert.True(proxy.Faults!.Injected(ProxyFault.TooManyRequests) > 0, "no 429 was injected");
            Assert.True(proxy.Faults.Injected(ProxyFault.Unavailable) > 0, "no 503 was injected");
            Assert.True(proxy.Faults.Injected(ProxyFault.ResetMidBody) > 0, "no reset was injected");
        }
    }
}
