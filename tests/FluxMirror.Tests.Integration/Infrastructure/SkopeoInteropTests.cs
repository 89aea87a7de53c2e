using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Infrastructure;

[Collection("Processes")]
public sealed class SkopeoInteropTests
{
    [Fact]
    public async Task Skopeo_inspects_and_copies_seeded_content_between_registries()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await RegistryProcess.StartAsync(ct: ct);
        await using var target = await RegistryProcess.StartAsync(new RegistryOptions("copier", "copier-pw"), ct);
        using var sourceSeeder = new RegistrySeeder(source);
        using var targetSeeder = new RegistrySeeder(target);
        using var auth = new DockerConfigDir().WithBasic(target.Host, "copier", "copier-pw");
        var index = await sourceSeeder.PushIndexAsync("team/app", "v1");

        var inspect = await SkopeoTool.InspectRawAsync(SkopeoTool.DockerReference(source, "team/app", "v1"), ct: ct);
        Assert.True(inspect.Succeeded, inspect.CombinedOutput);
        Assert.Equal(index.ManifestBytes, System.Text.Encoding.UTF8.GetBytes(inspect.StandardOutput.TrimEnd('\n')));

        var copy = await SkopeoTool.CopyAsync(
            SkopeoTool.DockerReference(source, "team/app", "v1"), SkopeoTool.DockerReference(target, "mirror/app", "v1"),
            auth.ConfigFile, all: true, ct);
        Assert.True(copy.Succeeded, copy.CombinedOutput);
        Assert.Equal(index.Digest, await targetSeeder.ManifestDigestAsync("mirror/app", "v1", ct));
    }
}
