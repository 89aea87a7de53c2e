using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.TestSupport.Charts;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Domain.Charts;

public sealed class ChartPlannerTests : IAsyncDisposable
{
    private readonly ChartRepositoryServer _repo = new();
    private readonly ChartMirrorHarness _harness = new();

    [Fact]
    public async Task SelectsTheHighestVersionsWithinTheConstraint()
    {
        foreach (var version in new[] { "1.0.0", "1.2.0", "2.0.0", "1.1.0", "1.3.0-rc.1" })
        {
            _repo.Publish("nginx", version, ChartArchives.Chart("nginx", version));
        }

        var entry = new ChartEntry("nginx", _repo.Url, "oci://registry.example/team/charts/", ">=1.0.0 <2.0.0", 2);
        var plan = await _harness.PlanAsync(entry, new JobOptions(Overwrite: true, DryRun: true));

        Assert.Null(plan.PlanError);
        Assert.Equal(EntryKind.Chart, plan.Entry.Kind);
        Assert.Equal(_repo.Url.TrimEnd('/') + "/nginx", plan.Entry.Label);
        Assert.Equal("registry.example/team/charts/nginx", plan.Entry.Destination);
        Assert.Equal(["1.2.0", "1.1.0"], plan.Copies.Select(j => j.Tag));
        Assert.Equal([0, 1], plan.Copies.Select(j => j.TagIndex));
        Assert.All(plan.Copies, copy =>
        {
            Assert.Equal(EntryKind.Chart, copy.Kind);
            Assert.Equal(_repo.Url, copy.SourceRepository);
            Assert.Equal("registry.example/team/charts/nginx", copy.DestinationRepository);
            Assert.True(copy.Overwrite);
            Assert.True(copy.DryRun);
            Assert.Null(copy.SourceDigest);
        });
        var excluded = _harness.Log.Find("version excluded by selector");
        Assert.Contains(excluded, f => Equals(f["chart"], "nginx") && Equals(f["version"], "2.0.0"));
    }

    [Fact]
    public async Task DefaultsToTheSingleHighestStableVersion()
    {
        _repo.Publish("app", "0.9.0", ChartArchives.Chart("app", "0.9.0"))
            .Publish("app", "1.0.0", ChartArchives.Chart("app", "1.0.0"))
            .Publish("app", "1.1.0-beta.1", ChartArchives.Chart("app", "1.1.0-beta.1"));

        var plan = await _harness.PlanAsync(new ChartEntry("app", _repo.Url, "oci://registry.example/charts"));

        var copy = Assert.Single(plan.Copies);
        Assert.Equal("1.0.0", copy.Tag);
        Assert.False(copy.Overwrite);
        Assert.False(copy.DryRun);
        Assert.Equal("registry.example/charts/app:1.0.0", copy.DestinationRef);
    }

    [Fact]
    public async Task BuildMetadataIsCarriedWithAnUnderscoreInTheDestinationTag()
    {
        _repo.Publish("meta", "1.2.3+build.7", ChartArchives.Chart("meta", "1.2.3+build.7"));

        var plan = await _harness.PlanAsync(new ChartEntry("meta", _repo.Url, "oci://registry.example/charts"));

        var copy = Assert.Single(plan.Copies);
        Assert.Equal("1.2.3+build.7", copy.Tag);
        Assert.Equal("1.2.3_build.7", copy.DestinationTag);
        Assert.Equal("registry.example/charts/meta:1.2.3_build.7", copy.DestinationRef);
    }

    [Fact]
    public async Task UnknownChartIsAPlanError()
    {
        _repo.Publish("nginx", "1.0.0", ChartArchives.Chart("nginx", "1.0.0"));

        var plan = await _harness.PlanAsync(new ChartEntry("redis", _repo.Url, "oci://registry.example/charts"));

        Assert.True(plan.Failed);
        Assert.Empty(plan.Copies);
        Assert.Equal($"chart \"redis\" not found in index {_repo.Url}", plan.PlanError);
        Assert.Equal(_repo.Url.TrimEnd('/') + "/redis", plan.Entry.Label);
    }

    [Fact]
    public async Task MissingIndexIsAPlanErrorWithTheStatus()
    {
        _repo.WithIndex(null);

        var plan = await _harness.PlanAsync(new ChartEntry("nginx", _repo.Url, "oci://registry.example/charts"));

        Assert.Equal($"GET http://{_repo.Host}/charts/index.yaml: status 404", plan.PlanError);
    }

    [Fact]
    public async Task IndexWithoutApiVersionIsAPlanError()
    {
        _repo.WithIndex("entries:\n  nginx:\n  - name: nginx\n    version: 1.0.0\n");

        var plan = await _harness.PlanAsync(new ChartEntry("nginx", _repo.Url, "oci://registry.example/charts"));

        Assert.Equal($"parse index from http://{_repo.Host}/charts/index.yaml: no API version specified", plan.PlanError);
    }

    [Fact]
    public async Task UnreachableRepositoryIsAPlanErrorNamingTheUrl()
    {
        var closedPort = FreePort.Next();
        var source = $"http://127.0.0.1:{closedPort}/charts";

        var plan = await _harness.PlanAsync(new ChartEntry("nginx", source, "oci://registry.example/charts"));

        Assert.StartsWith($"GET http://127.0.0.1:{closedPort}/charts/index.yaml: ", plan.PlanError);
    }

    [Fact]
    public async Task TheIndexIsFetchedOncePerRepositoryAndSentWithTheFluxMirrorUserAgent()
    {
        _repo.Publish("a", "1.0.0", ChartArchives.Chart("a", "1.0.0"))
            .Publish("b", "2.0.0", ChartArchives.Chart("b", "2.0.0"));

        var first = await _harness.PlanAsync(new ChartEntry("a", _repo.Url, "oci://registry.example/charts"));
        var second = await _harness.PlanAsync(new ChartEntry("b", _repo.Url, "oci://registry.example/charts"));

        Assert.Equal("1.0.0", Assert.Single(first.Copies).Tag);
        Assert.Equal("2.0.0", Assert.Single(second.Copies).Tag);
        var request = Assert.Single(_repo.Requests, r => r.PathAndQuery == "/charts/index.yaml");
        Assert.Equal("flux-mirror", request.Header("User-Agent"));
        Assert.Null(request.Header("Authorization"));
    }

    public async ValueTask DisposeAsync()
    {
        _harness.Dispose();
        await _repo.DisposeAsync();
    }
}
