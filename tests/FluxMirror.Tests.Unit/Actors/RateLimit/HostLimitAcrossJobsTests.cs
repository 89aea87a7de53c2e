using FluxMirror.Protocol.Limits;
using FluxMirror.Protocol.Messages;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Protocol;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Actors.RateLimit;

/// <summary>
/// A standing node runs job after job through one gate, each job with a registry client of its own (and so its own
/// scheme probe). The host's adaptive limit must only move with how the host answers.
/// </summary>
public sealed class HostLimitAcrossJobsTests : IDisposable
{
    private const string TagsJson = """{"name":"team/app","tags":["v1"]}""";
    private readonly DockerConfigDir _dockerConfig = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dockerConfig.Dispose();

    [Fact]
    public async Task A_plain_http_registry_keeps_its_full_limit_job_after_job()
    {
        await using var server = new LoopbackServer(_ => ScriptedResponse.Json(200, TagsJson));
        await using var harness = LimiterHarness.Start(new HostLimits(MaxConcurrent: 8, RequestsPerSecond: 0));
        var gate = harness.Gate("gate").Gate;
        HostLimitState? state = null;

        for (var job = 0; job < 4; job++)
        {
            using var client = new RegistryClient(new RegistryClientOptions { DockerConfigDirectory = _dockerConfig.Path, Gate = gate });
            Assert.Equal(["v1"], await client.ListTagsAsync(new RepositoryRef(server.Host, "team/app"), Ct));

            // The gate reports outcomes when it gives its idle permits back.
            state = await harness.AwaitStateAsync(server.Host, s => s.InUse == 0, Ct);
        }

        Assert.Equal(8, state?.Limit);
    }
}
