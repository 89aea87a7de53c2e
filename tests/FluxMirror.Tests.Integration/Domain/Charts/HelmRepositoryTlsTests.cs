using FluxMirror.Domain.Config;
using FluxMirror.TestSupport.Charts;
using FluxMirror.TestSupport.Http;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Domain.Charts;

/// <summary>TLS settings of a repositories.yaml entry: extra CA, client certificate, verification off.</summary>
public sealed class HelmRepositoryTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("fluxmirror-helm-tls-").FullName;

    [Fact]
    public async Task AnUnknownCertificateAuthorityIsRejected()
    {
        await using var repo = Repository();
        using var harness = new ChartMirrorHarness(Path.Combine(_dir, "missing.yaml"));

        var plan = await harness.PlanAsync(Entry(repo));

        Assert.StartsWith($"GET https://{repo.Host}/charts/index.yaml: ", plan.PlanError);
    }

    [Fact]
    public async Task ACaFileIsTrustedInAdditionToTheSystemRoots()
    {
        await using var repo = Repository();
        var caFile = Write("ca.pem", _certificates.CaPem);
        using var harness = new ChartMirrorHarness(Write("repositories.yaml", $"repositories:\n- name: tls\n  url: {repo.Url}\n  caFile: {caFile}\n"));

        var plan = await harness.PlanAsync(Entry(repo));

        Assert.Null(plan.PlanError);
        Assert.Single(plan.Copies);
    }

    [Fact]
    public async Task InsecureSkipTlsVerifyAcceptsAnyCertificate()
    {
        await using var repo = Repository();
        using var harness = new ChartMirrorHarness(Write("repositories.yaml", $"repositories:\n- name: tls\n  url: {repo.Url}\n  insecure_skip_tls_verify: true\n"));

        var plan = await harness.PlanAsync(Entry(repo));

        Assert.Null(plan.PlanError);
    }

    [Fact]
    public async Task TheClientCertificateIsPresented()
    {
        await using var repo = Repository(requireClientCertificate: true);
        var caFile = Write("ca.pem", _certificates.CaPem);
        var certFile = Write("client.pem", _certificates.ClientCertificatePem);
        var keyFile = Write("client.key", _certificates.ClientKeyPem);
        using var harness = new ChartMirrorHarness(Write(
            "repositories.yaml",
            $"repositories:\n- name: tls\n  url: {repo.Url}\n  caFile: {caFile}\n  certFile: {certFile}\n  keyFile: {keyFile}\n"));

        var plan = await harness.PlanAsync(Entry(repo));

        Assert.Null(plan.PlanError);
        Assert.Equal("CN=flux-mirror-client", Assert.Single(repo.Requests).ClientCertificateSubject);
    }

    [Fact]
    public async Task ACertificateWithoutItsKeyIsAConfigurationError()
    {
        await using var repo = Repository();
        var certFile = Write("client.pem", _certificates.ClientCertificatePem);
        using var harness = new ChartMirrorHarness(Write("repositories.yaml", $"repositories:\n- name: tls\n  url: {repo.Url}\n  certFile: {certFile}\n"));

        var plan = await harness.PlanAsync(Entry(repo));

        Assert.Equal("helm repository \"tls\" must set both certFile and keyFile for client TLS", plan.PlanError);
    }

    public void Dispose()
    {
        _certificates.Dispose();
        TempDirectory.TryDelete(_dir);
    }

    private ChartRepositoryServer Repository(bool requireClientCertificate = false) =>
        new ChartRepositoryServer(serverCertificate: _certificates.Server, requireClientCertificate: requireClientCertificate)
            .Publish("secure", "1.0.0", ChartArchives.Chart("secure", "1.0.0"));

    private static ChartEntry Entry(ChartRepositoryServer repo) => new("secure", repo.Url, "oci://registry.example/charts");

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
