using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Cluster;

/// <summary>
/// The real coordinator executable refuses to start, with one <c>✗</c> line and exit 1 and before it contacts its
/// database, when its API would be open beyond loopback or its token file is unusable.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CoordinatorStartRefusalTests : IDisposable
{
    // Nothing listens there: a coordinator that got as far as its database would say so instead.
    private const string NoDatabase = "Host=127.0.0.1;Port=9;Username=postgres;Database=fluxmirror;Timeout=2";
    private readonly string _directory = TempDirectory.Create("start-refusal");

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public async Task A_tokenless_coordinator_beyond_loopback_does_not_start(string host)
    {
        var result = await RunCoordinatorAsync(host, tokenFile: null);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ the coordinator would serve its job API on {host}, beyond this machine, without an API token: set FLUX_MIRROR_API_TOKEN_FILE or FLUX_MIRROR_API_TOKEN, or --http-host 127.0.0.1\n", result.StandardError);
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public async Task An_empty_token_file_is_refused_at_start()
    {
        var tokenFile = Path.Combine(_directory, "empty-token");
        await File.WriteAllTextAsync(tokenFile, "\n", TestContext.Current.CancellationToken);

        var result = await RunCoordinatorAsync("127.0.0.1", tokenFile);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ the API token file {tokenFile} (FLUX_MIRROR_API_TOKEN_FILE) is empty\n", result.StandardError);
    }

    public void Dispose() => TempDirectory.TryDelete(_directory);

    private static async Task<ProcessResult> RunCoordinatorAsync(string host, string? tokenFile)
    {
        using var cli = new FluxMirrorCli();
        return await cli.RunAsync(
            ["coordinator", "--http-host", host, "--http-port", "0", "--postgres", NoDatabase],
            new Dictionary<string, string?> { ["FLUX_MIRROR_API_TOKEN"] = null, ["FLUX_MIRROR_API_TOKEN_FILE"] = tokenFile },
            TimeSpan.FromSeconds(60));
    }
}
