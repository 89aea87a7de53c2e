using System.Text.RegularExpressions;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Packaging;
using FluxMirror.TestSupport.Schemas;

namespace FluxMirror.Tests.Unit.Packaging;

/// <summary>
/// The Dockerfile cannot be built here (no container engine): it is held to the same contract as the image
/// scripts/image.sh builds, which the integration test checks for real. And image.sh refuses bad usage in one line.
/// </summary>
public sealed partial class ImageBuildFilesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_Dockerfile_promises_what_image_sh_builds()
    {
        var instructions = Instructions(await File.ReadAllTextAsync(RepositoryFiles.PathOf("Dockerfile"), Ct));
        string Last(string keyword) => instructions.Last(i => i.Keyword == keyword).Arguments;

        Assert.Equal($"[\"{ImageContract.Entrypoint}\"]", Last("ENTRYPOINT"));
        Assert.Equal(ImageContract.User, Last("USER"));
        Assert.Equal(ImageContract.StateDirectory, Last("WORKDIR"));
        Assert.Equal(string.Join(", ", ImageContract.Volumes.Select(v => $"\"{v}\"")), Last("VOLUME").Trim('[', ']'));
        var env = EnvPair().Matches(Last("ENV")).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(ImageContract.Environment.OrderBy(e => e.Key, StringComparer.Ordinal), env.OrderBy(e => e.Key, StringComparer.Ordinal));
        var publish = Assert.Single(instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments;
        Assert.Contains("-r linux-x64 --self-contained true", publish, StringComparison.Ordinal);
        Assert.Contains("-p:PublishReadyToRun=\"${READY_TO_RUN}\"", publish, StringComparison.Ordinal);
        Assert.Contains("ARG READY_TO_RUN=true", instructions.Select(i => $"{i.Keyword} {i.Arguments}"));
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "✗ unknown argument \"--bogus\"")]
    [InlineData(new string[0], "✗ nothing to do: give --push REF and/or --layout DIR")]
    [InlineData(new[] { "--layout", "/tmp/x", "--insecure" }, "✗ --insecure only applies to --push")]
    [InlineData(new[] { "--push" }, "✗ --push needs a reference")]
    public async Task Image_sh_refuses_bad_usage_with_one_line_and_exit_code_2(string[] arguments, string error)
    {
        var run = await ProcessRunner.RunAsync("bash", [RepositoryFiles.PathOf("scripts", "image.sh"), .. arguments], Ct);

        Assert.Equal((2, error), (run.ExitCode, run.StandardError.Split('\n')[0]));
        Assert.StartsWith("usage: ", run.StandardError.Split('\n')[1], StringComparison.Ordinal);
    }

    private static List<(string Keyword, string Arguments)> Instructions(string dockerfile)
    {
        var lines = dockerfile.Split('\n').Where(l => !l.TrimStart().StartsWith('#')).ToArray();
        var joined = string.Join('\n', lines).Replace("\\\n", " ", StringComparison.Ordinal);
        return joined.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(' ', 2))
            .Select(p => (p[0], p.Length > 1 ? Regex.Replace(p[1], @"\s+", " ").Trim() : ""))
            .ToList();
    }

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex EnvPair();
}
