using System.Diagnostics;
using FluxMirror.Domain.Reporting;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Packaging;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Integration.Packaging;

/// <summary>
/// The image as an operator gets it: built by scripts/image.sh (no container engine), pushed to a registry, mirrored
/// by flux-mirror itself to a second registry, pulled back and unpacked, then run from a read-only root in a chroot.
/// It builds without ReadyToRun (the same image otherwise, and minutes faster).
/// </summary>
[Collection("Image")]
public sealed class ImageTests
{
    // What the test and scripts/image.sh run. .ci/run installs them; missing, the test fails rather than skips.
    private static readonly string[] Tools = ["bash", "dotnet", "apt-get", "dpkg-deb", "ldconfig", "umoci", "skopeo", "docker-registry", "unshare", "chroot", "mount", "find"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_image_built_without_an_engine_survives_a_mirror_and_runs_from_a_read_only_root()
    {
        RequireRootAndTools();
        var image = DeployImage.FromKustomization();
        Assert.Equal(ReporterName.Version, image.Tag);
        await using var registries = await RegistryPair.StartAsync();
        var work = TempDirectory.Create("image");
        try
        {
            var clock = Stopwatch.StartNew();
            var pushed = $"{registries.Source.Host}/flux-mirror:{image.Tag}";
            var build = await ProcessRunner.RunAsync(
                "bash",
                [RepositoryFiles.PathOf("scripts", "image.sh"), "--no-ready-to-run", "--work", Path.Combine(work, "build"), "--push", pushed, "--insecure"],
                new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(8) },
                Ct);
            Assert.True(build.Succeeded, $"scripts/image.sh exited {build.ExitCode}:\n{build.CombinedOutput}");
            Log($"image.sh: {clock.Elapsed.TotalSeconds:0.0}s ({build.StandardOutput.Trim()})");

            clock.Restart();
            using var cli = new FluxMirrorCli();
            var mirrored = $"{registries.Destination.Host}/platform/flux-mirror";
            var sync = await cli.SyncAsync(SyncConfigs.Config(SyncConfigs.Artifact($"{registries.Source.Host}/flux-mirror", mirrored)));
            Assert.True(sync.Succeeded, $"flux-mirror sync exited {sync.ExitCode}:\n{sync.CombinedOutput}");
            Assert.Equal(
                await registries.Src.ManifestDigestAsync("flux-mirror", image.Tag, Ct),
                await registries.Dst.ManifestDigestAsync("platform/flux-mirror", image.Tag, Ct));
            Log($"flux-mirror sync: {clock.Elapsed.TotalSeconds:0.0}s");

            clock.Restart();
            var layout = Path.Combine(work, "pulled");
            var pull = await SkopeoTool.CopyAsync($"docker://{mirrored}:{image.Tag}", $"oci:{layout}:{image.Tag}", ct: Ct);
            Assert.True(pull.Succeeded, $"skopeo copy exited {pull.ExitCode}: {pull.CombinedOutput}");
            var unpacked = await UnpackedImage.UnpackAsync(layout, image.Tag, Path.Combine(work, "bundle"), Ct);
            Log($"pull and unpack: {clock.Elapsed.TotalSeconds:0.0}s");

            AssertConfig(unpacked.Config, image.Tag);
            await AssertOnlyVolumesWritableAsync(unpacked);

            clock.Restart();
            var version = await unpacked.RunEntrypointAsync(["version"], null, Ct);
            Assert.Equal((0, $"flux-mirror v{ReporterName.Version}\n", ""), (version.ExitCode, version.StandardOutput, version.StandardError));
            await AssertSyncRunsInsideAsync(unpacked, registries);
            Log($"entrypoint in the chroot: {clock.Elapsed.TotalSeconds:0.0}s");
        }
        finally
        {
            TempDirectory.TryDelete(work);
        }
    }

    private static void AssertConfig(ImageConfig config, string tag)
    {
        Assert.Equal(ImageContract.User, config.User);
        Assert.Equal([ImageContract.Entrypoint], config.Entrypoint);
        foreach (var (name, value) in ImageContract.Environment)
        {
            Assert.Equal(value, config.Environment.GetValueOrDefault(name));
        }

        Assert.Equal(ImageContract.Volumes.Order(StringComparer.Ordinal), config.Volumes.Order(StringComparer.Ordinal));
        Assert.Equal(tag, config.Labels.GetValueOrDefault("org.opencontainers.image.version"));
        Assert.Equal("flux-mirror", config.Labels.GetValueOrDefault("org.opencontainers.image.title"));
    }

    // The user may write to its two volumes and nowhere else; the program and libraries belong to root.
    private static async Task AssertOnlyVolumesWritableAsync(UnpackedImage unpacked)
    {
        Assert.Equal(ImageContract.Volumes.Order(StringComparer.Ordinal), await unpacked.WritableByImageUserAsync(Ct));
        Assert.Empty(await unpacked.NotOwnedByRootAsync("/app", Ct));
        Assert.Contains($"flux-mirror:x:{ImageContract.User}:", await File.ReadAllTextAsync(Path.Combine(unpacked.RootFs, "etc", "passwd"), Ct));
        Assert.Contains("BEGIN CERTIFICATE", await File.ReadAllTextAsync(Path.Combine(unpacked.RootFs, "etc", "ssl", "certs", "ca-certificates.crt"), Ct));
    }

    // A real run inside the image: the embedded node journals to SQLite under HOME (a volume), hashes with OpenSSL
    // and copies over HTTP, all from the read-only root; the config comes on stdin.
    private static async Task AssertSyncRunsInsideAsync(UnpackedImage unpacked, RegistryPair registries)
    {
        var seeded = await registries.Src.PushImageAsync("team/app", "1.0.0", layerSize: 2048, ct: Ct);
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{registries.Source.Host}/team/app", $"{registries.Destination.Host}/inside/app"));

        var sync = await unpacked.RunEntrypointAsync(["sync", "-", "--no-progress"], config, Ct);

        Assert.True(sync.Succeeded, $"sync inside the image exited {sync.ExitCode}:\n{sync.CombinedOutput}");
        Assert.Equal(seeded.Digest, await registries.Dst.ManifestDigestAsync("inside/app", "1.0.0", Ct));
    }

    private static void RequireRootAndTools()
    {
        Assert.True(Environment.UserName == "root", "✗ the image test needs root (image.sh keeps file owners in the layers; the chroot and its mounts need it): CI runs as root");
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var missing = Tools.Where(t => !path.Any(dir => File.Exists(Path.Combine(dir, t)))).ToArray();
        Assert.True(missing.Length == 0, $"✗ not found: {string.Join(", ", missing)} (.ci/run installs them: apt-get install umoci skopeo docker-registry)");
    }

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
