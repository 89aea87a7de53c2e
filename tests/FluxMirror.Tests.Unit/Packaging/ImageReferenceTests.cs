using System.Text.RegularExpressions;
using FluxMirror.Domain.Reporting;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Packaging;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>
/// The image's name and tag live in one place (deploy/base/kustomization.yaml): the tag is the version flux-mirror
/// reports, image.sh pushes it by default, compose defaults to it, and no other file names another flux-mirror image.
/// </summary>
public sealed partial class ImageReferenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_tag_is_the_version_flux_mirror_reports()
    {
        Assert.Equal(ReporterName.Version, DeployImage.FromKustomization().Tag);
    }

    [Fact]
    public async Task Image_sh_reads_its_default_from_the_kustomization()
    {
        var printed = await ProcessRunner.RunAsync("bash", [RepositoryFiles.PathOf("scripts", "image.sh"), "--print-image"], Ct);

        Assert.Equal((0, DeployImage.FromKustomization().Reference + "\n"), (printed.ExitCode, printed.StandardOutput));
    }

    [Fact]
    public void No_file_that_starts_the_image_names_another_one()
    {
        var image = DeployImage.FromKustomization();
        var files = Directory.EnumerateFiles(RepositoryFiles.PathOf("deploy"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepositoryFiles.PathOf("scripts"), "*", SearchOption.AllDirectories))
            .Append(RepositoryFiles.PathOf("docker-compose.yml"))
            .Append(RepositoryFiles.PathOf("Dockerfile"));

        var references = files.SelectMany(f => ImageReference().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(RepositoryFiles.RepositoryRoot, f), m.Groups["name"].Value, Tag: m.Groups["tag"].Value)))
            .Where(r => !IsIllustration(r.Value))
            .ToArray();

        Assert.Contains(references, r => r.File == "docker-compose.yml");
        Assert.All(references, r => Assert.Equal((r.File, image.Name), (r.File, r.Value)));
        Assert.All(references.Where(r => r.Tag.Length > 0), r => Assert.Equal((r.File, image.Tag), (r.File, r.Tag)));
    }

    // registry.example.com/... in a comment shows where an operator's own registry goes (RFC 2606 names).
    private static bool IsIllustration(string name) =>
        name.Split('/')[0] is var host && (host.EndsWith(".example", StringComparison.Ordinal) || host.EndsWith("example.com", StringComparison.Ordinal));

    // A registry host (with a dot or a port) and a repository path ending in flux-mirror, optionally a tag.
    [GeneratedRegex(@"(?<name>\b[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::[0-9]+)?/(?:[a-z0-9._-]+/)*flux-mirror)(?![a-z0-9._/-])(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9._-]*))?")]
    private static partial Regex ImageReference();
}
