using System.Text;
using FluxMirror.Domain.Charts;
using FluxMirror.TestSupport.Http;

namespace FluxMirror.Tests.Unit.Domain.Charts;

/// <summary>The index download is bounded before it is parsed: an oversized index.yaml fails with the reference's
/// message (50 MiB by default) instead of being buffered.</summary>
public sealed class HelmIndexDownloadTests
{
    [Fact]
    public async Task AnIndexLargerThanTheCapIsRefusedWithTheReferenceMessage()
    {
        Assert.Equal(50L << 20, HelmRepositoryOptions.DefaultMaxIndexBytes);
        var index = Encoding.UTF8.GetBytes("apiVersion: v1\nentries: {}\n" + new string('#', 4096) + "\n");
        await using var server = new LoopbackServer(_ => new ScriptedResponse(200, Body: index));
        var url = $"http://{server.Host}/charts";
        using var repositories = new HelmRepositories(new HelmRepositoryOptions
        {
            RepositoryConfigPath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "repositories.yaml"),
            MaxIndexBytes = 1024,
        });
        var client = await repositories.GetAsync(url, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<HelmException>(() => client.GetIndexAsync(TestContext.Current.CancellationToken));

        Assert.Equal($"response from http://{server.Host}/charts/index.yaml exceeds 1024 bytes", error.Message);
    }
}
