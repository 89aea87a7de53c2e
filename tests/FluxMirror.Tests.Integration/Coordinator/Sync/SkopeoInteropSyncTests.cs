using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Sync;

/// <summary>skopeo and flux-mirror copy the same images; both destinations must serve identical content.</summary>
[Collection("Sync")]
public sealed class SkopeoInteropSyncTests
{
    [Fact]
    public async Task Skopeo_and_flux_mirror_produce_identical_copies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await RegistryProcess.StartAsync(ct: ct);
        await using var viaSkopeo = await RegistryProcess.StartAsync(ct: ct);
        await using var viaFlux = await RegistryProcess.StartAsync(ct: ct);
        using var seeder = new RegistrySeeder(source);
        var single = await seeder.PushImageAsync("team/app", "1.0.0", layers: 3, ct: ct);
        var index = await seeder.PushIndexAsync("team/app", "2.0.0", "linux/amd64", "linux/arm64");

        foreach (var tag in new[] { "1.0.0", "2.0.0" })
        {
            var copied = await SkopeoTool.CopyAsync(
                SkopeoTool.DockerReference(source, "team/app", tag), SkopeoTool.DockerReference(viaSkopeo, "mirror/app", tag), authFile: null, all: true, ct);
            Assert.True(copied.Succeeded, copied.CombinedOutput);
        }

        using var cli = new FluxMirrorCli();
        var result = await cli.SyncAsync(SyncConfigs.Config(SyncConfigs.Artifact($"{source.Host}/team/app", $"{viaFlux.Host}/mirror/app")));
        Assert.Equal(0, result.ExitCode);

        using var a = new RegistrySeeder(viaSkopeo);
        using var b = new RegistrySeeder(viaFlux);
        Assert.Equal(single.Digest, await b.ManifestDigestAsync("mirror/app", "1.0.0", ct));
        Assert.Equal(index.Digest, await b.ManifestDigestAsync("mirror/app", "2.0.0", ct));
        foreach (var tag in new[] { "1.0.0", "2.0.0" })
        {
            Assert.Equal(await a.ManifestDigestAsync("mirror/app", tag, ct), await b.ManifestDigestAsync("mirror/app", tag, ct));
            var inspected = await SkopeoTool.InspectRawAsync(SkopeoTool.DockerReference(viaFlux, "mirror/app", tag), authFile: null, ct);
            Assert.True(inspected.Succeeded, inspected.CombinedOutput);
            Assert.Equal((await a.GetManifestAsync("mirror/app", tag, ct))!.Value.Bytes, System.Text.Encoding.UTF8.GetBytes(inspected.StandardOutput.TrimEnd('\n')));
        }

        // Pull every blob of the flux-mirror copy through skopeo into a local OCI layout: skopeo verifies digests.
        var layout = Directory.CreateTempSubdirectory("fm-oci-").FullName;
        var pulled = await SkopeoTool.CopyAsync(SkopeoTool.DockerReference(viaFlux, "mirror/app", "2.0.0"), $"oci:{layout}:app", authFile: null, all: true, ct);
        Assert.True(pulled.Succeeded, pulled.CombinedOutput);
        Directory.Delete(layout, recursive: true);
    }
}
