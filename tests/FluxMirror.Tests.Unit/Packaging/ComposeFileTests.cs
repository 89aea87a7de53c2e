using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Packaging;
using FluxMirror.TestSupport.Schemas;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>
/// docker-compose.yml starts the nodes the way Kubernetes does: the one image, its subcommands, a read-only root,
/// Cluster Bootstrap over the configured endpoints instead of seeds. Where docker compose exists it must accept the
/// file too (this machine has none).
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string ComposeFile = RepositoryFiles.PathOf("docker-compose.yml");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Nodes_run_the_one_image_read_only_and_find_each_other_through_bootstrap()
    {
        var compose = Yaml.LoadAll(await File.ReadAllTextAsync(ComposeFile, Ct))[0];
        var nodes = ((YamlMappingNode)compose.At("services")!).Children
            .Where(s => s.Value.Str("image")?.Contains("flux-mirror", StringComparison.Ordinal) == true)
            .ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => s.Value);

        Assert.Equal(["coordinator", "worker-1", "worker-2"], nodes.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, node) in nodes)
        {
            Assert.Equal($"${{FLUX_MIRROR_IMAGE:-{DeployImage.FromKustomization().Reference}}}", node.Str("image"));
            Assert.Null(node.At("entrypoint"));
            Assert.Equal(name == "coordinator" ? "coordinator" : "worker", node.Seq("command").Select(c => ((YamlScalarNode)c).Value).First());
            Assert.Equal("true", node.Str("read_only"));
            Assert.Equal(ImageContract.Volumes.Order(StringComparer.Ordinal), node.Seq("tmpfs").Select(t => ((YamlScalarNode)t).Value!).Order(StringComparer.Ordinal));
            Assert.True(TimeSpan.FromSeconds(int.Parse(node.Str("stop_grace_period")!.TrimEnd('s'))) > TimeSpan.FromSeconds(30));

            var env = node.Map("environment");
            Assert.Equal(name, env.GetValueOrDefault("FLUX_MIRROR_PUBLIC_HOSTNAME"));
            Assert.Equal("config", env.GetValueOrDefault("FLUX_MIRROR_DISCOVERY"));
            Assert.Equal(nodes.Keys.Order(StringComparer.Ordinal).Select(n => $"{n}:8558"), env["FLUX_MIRROR_DISCOVERY_ENDPOINTS"].Split(',').Order(StringComparer.Ordinal));
            Assert.Equal("2", env.GetValueOrDefault("FLUX_MIRROR_REQUIRED_CONTACT_POINTS"));
            Assert.Equal("2", env.GetValueOrDefault("MALLOC_ARENA_MAX"));
            Assert.False(env.ContainsKey("FLUX_MIRROR_SEEDS"));
        }

        if (await ComposeAsync() is { } tool)
        {
            var config = await ProcessRunner.RunAsync(
                tool.FileName,
                [.. tool.Prefix, "-f", ComposeFile, "config", "--quiet"],
                new ProcessRunOptions { Environment = new Dictionary<string, string?> { ["FLUX_MIRROR_API_TOKEN"] = "compose-config-check" } },
                Ct);
            Assert.True(config.Succeeded, $"{tool.FileName} {string.Join(' ', tool.Prefix)} config: {config.StandardError}");
        }
    }

    // docker-compose, else docker's compose plugin; a docker without the plugin is no compose.
    private static async Task<(string FileName, string[] Prefix)?> ComposeAsync()
    {
        if (OnPath("docker-compose"))
        {
            return ("docker-compose", []);
        }

        return OnPath("docker") && (await ProcessRunner.RunAsync("docker", ["compose", "version"], Ct)).Succeeded
            ? ("docker", ["compose"])
            : null;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, tool)));
}
