using System.Text;
using FluxMirror.Domain.Charts;
using FluxMirror.Domain.Config;
using FluxMirror.TestSupport.Charts;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Domain.Charts;

/// <summary>Credentials and TLS settings come from Helm's repositories.yaml, never from the mirror config.</summary>
public sealed class HelmRepositoryAuthTests : IAsyncDisposable
{
    private const string Password = "s3cr3t-pa55";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ChartRepositoryServer _repo = new("mirror", Password);
    private readonly string _dir = Directory.CreateTempSubdirectory("fluxmirror-helm-config-").FullName;

    public HelmRepositoryAuthTests() => _repo.Publish("private", "1.0.0", ChartArchives.Chart("private", "1.0.0"));

    [Fact]
    public async Task BasicAuthFromAMatchingRepositoriesEntryIsSent()
    {
        // The entry is written differently from the config source: upper-case scheme and host, no trailing slash.
        var config = WriteRepositoriesYaml($"""
            apiVersion: ""
            repositories:
            - name: other
              url: https://charts.example.com
              username: wrong
              password: wrong
            - name: private
              url: HTTP://{_repo.Host.ToUpperInvariant()}/charts
              username: mirror
              password: {Password}
            """);
        using var harness = new ChartMirrorHarness(config);

        var plan = await harness.PlanAsync(new ChartEntry("private", _repo.Url, "oci://registry.example/charts"));

        Assert.Null(plan.PlanError);
        Assert.Equal("1.0.0", Assert.Single(plan.Copies).Tag);
        var repository = await harness.Repositories.GetAsync(_repo.Url, Ct);
        var archive = await repository.DownloadChartAsync("private", "1.0.0", Ct);
        Assert.Equal(ChartArchives.Chart("private", "1.0.0"), archive);
    }

    [Fact]
    public async Task WithoutRepositoriesYamlTheRequestIsAnonymousAndFails()
    {
        using var harness = new ChartMirrorHarness(Path.Combine(_dir, "missing.yaml"));

        var plan = await harness.PlanAsync(new ChartEntry("private", _repo.Url, "oci://registry.example/charts"));

        Assert.Equal($"GET http://{_repo.Host}/charts/index.yaml: status 401", plan.PlanError);
        Assert.Null(Assert.Single(_repo.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task AUsernameWithoutPasswordSendsNoCredentials()
    {
        var config = WriteRepositoriesYaml($"repositories:\n- name: private\n  url: {_repo.Url}\n  username: mirror\n");
        using var harness = new ChartMirrorHarness(config);

        var plan = await harness.PlanAsync(new ChartEntry("private", _repo.Url, "oci://registry.example/charts"));

        Assert.Equal($"GET http://{_repo.Host}/charts/index.yaml: status 401", plan.PlanError);
        Assert.Null(Assert.Single(_repo.Requests).Header("Authorization"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CredentialsReachAnotherHostOnlyWithPassCredentialsAll(bool passCredentialsAll)
    {
        await using var cdn = new ChartRepositoryServer();
        cdn.WithFile("private-1.0.0.tgz", ChartArchives.Chart("private", "1.0.0"));
        _repo.WithIndex($"apiVersion: v1\nentries:\n  private:\n  - name: private\n    version: 1.0.0\n    urls:\n    - {cdn.Url}private-1.0.0.tgz\n");
        var config = WriteRepositoriesYaml(
            $"repositories:\n- name: private\n  url: {_repo.Url}\n  username: mirror\n  password: {Password}\n  pass_credentials_all: {(passCredentialsAll ? "true" : "false")}\n");
        using var harness = new ChartMirrorHarness(config);

        var repository = await harness.Repositories.GetAsync(_repo.Url, Ct);
        await repository.DownloadChartAsync("private", "1.0.0", Ct);

        var download = Assert.Single(cdn.Requests);
        Assert.Equal(passCredentialsAll, download.Header("Authorization") is not null);
        Assert.Equal("flux-mirror", download.Header("User-Agent"));
    }

    [Fact]
    public async Task AMalformedRepositoriesFileIsAPlanErrorWithoutTheSecret()
    {
        var config = WriteRepositoriesYaml($"repositories:\n- name: broken\n  url: not-a-url\n  password: {Password}\n");
        using var harness = new ChartMirrorHarness(config);

        var plan = await harness.PlanAsync(new ChartEntry("private", _repo.Url, "oci://registry.example/charts"));

        Assert.Equal("normalize Helm repository \"broken\" URL \"not-a-url\": missing scheme or host", plan.PlanError);
        Assert.DoesNotContain(Password, plan.PlanError!, StringComparison.Ordinal);
        Assert.Empty(_repo.Requests);
    }

    [Fact]
    public async Task ABadCaFileIsReportedWithTheRepositoryName()
    {
        var caFile = Path.Combine(_dir, "ca.pem");
        await File.WriteAllTextAsync(caFile, "not a certificate", Ct);
        var config = WriteRepositoriesYaml($"repositories:\n- name: private\n  url: {_repo.Url}\n  caFile: {caFile}\n");
        using var harness = new ChartMirrorHarness(config);

        var plan = await harness.PlanAsync(new ChartEntry("private", _repo.Url, "oci://registry.example/charts"));

        Assert.Equal("ca file for helm repository \"private\" contains no PEM certificates", plan.PlanError);
    }

    [Fact]
    public void TheEntryNeverPrintsItsPassword()
    {
        var entry = new HelmRepositoryEntry { Name = "private", Url = _repo.Url, Username = "mirror", Password = Password };

        Assert.DoesNotContain(Password, entry.ToString(), StringComparison.Ordinal);
        Assert.Contains("mirror", entry.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheRepositoriesFileIsFoundWhereHelmLooksForIt()
    {
        Dictionary<string, string> env = new() { ["HOME"] = "/home/u" };
        string Resolve() => HelmRepositoryOptions.DefaultRepositoryConfigPath(name => env.GetValueOrDefault(name));

        Assert.Equal("/home/u/.config/helm/repositories.yaml", Resolve());
        env["XDG_CONFIG_HOME"] = "/xdg";
        Assert.Equal("/xdg/helm/repositories.yaml", Resolve());
        env["HELM_CONFIG_HOME"] = "/helm-home";
        Assert.Equal("/helm-home/repositories.yaml", Resolve());
        env["HELM_REPOSITORY_CONFIG"] = "/explicit/repos.yaml";
        Assert.Equal("/explicit/repos.yaml", Resolve());
        Assert.Equal("/explicit/repos.yaml", HelmRepositoryOptions.FromEnvironment(name => env.GetValueOrDefault(name)).RepositoryConfigPath);
    }

    public async ValueTask DisposeAsync()
    {
        await _repo.DisposeAsync();
        TempDirectory.TryDelete(_dir);
    }

    private string WriteRepositoriesYaml(string text)
    {
        var path = Path.Combine(_dir, $"repositories-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text, Encoding.UTF8);
        return path;
    }
}
