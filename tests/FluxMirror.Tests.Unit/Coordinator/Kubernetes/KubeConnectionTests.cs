using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Kubernetes;
using FluxMirror.TestSupport.Cloud;
using FluxMirror.TestSupport.Kubernetes;

namespace FluxMirror.Tests.Unit.Coordinator.Kubernetes;

public sealed class KubeConnectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kube-connection-").FullName;
    private readonly CloudTrust _trust = new();
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public KubeConnectionTests() => _env["HOME"] = _dir;

    public void Dispose()
    {
        _trust.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string ServiceAccountDirectory => Path.Combine(_dir, "sa");

    private KubeAmbient Ambient => new(name => _env.GetValueOrDefault(name), ServiceAccountDirectory);

    private Task<KubeConnection> LoadAsync(KubeConnectionOptions? options = null) => KubeConnection.LoadAsync(options ?? new KubeConnectionOptions(), Ambient);

    private void MountServiceAccount(string? ns)
    {
        Directory.CreateDirectory(ServiceAccountDirectory);
        File.WriteAllText(Path.Combine(ServiceAccountDirectory, "token"), "sa-token\n");
        File.WriteAllText(Path.Combine(ServiceAccountDirectory, "ca.crt"), _trust.CaPem);
        if (ns is not null)
        {
            File.WriteAllText(Path.Combine(ServiceAccountDirectory, "namespace"), ns);
        }

        _env["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
        _env["KUBERNETES_SERVICE_PORT"] = "443";
    }

    [Fact]
    public async Task The_namespace_is_the_flag_else_the_context_else_default()
    {
        _env["KUBECONFIG"] = Kubeconfigs.Write(_dir, "https://127.0.0.1:6443", _trust.CaPem, "t", ns: "from-context");
        Assert.Equal("flag", (await LoadAsync(new KubeConnectionOptions { Namespace = "flag" })).Namespace());
        Assert.Equal("from-context", (await LoadAsync()).Namespace());

        _env["KUBECONFIG"] = Kubeconfigs.Write(_dir, "https://127.0.0.1:6443", _trust.CaPem, "t");
        Assert.Equal("default", (await LoadAsync()).Namespace());
    }

    [Fact]
    public async Task In_a_pod_a_kubeconfig_without_namespace_lands_in_the_pod_namespace()
    {
        MountServiceAccount("pod-ns");
        _env["KUBECONFIG"] = Kubeconfigs.Write(_dir, "https://127.0.0.1:6443", _trust.CaPem, "t");

        Assert.Equal("pod-ns", (await LoadAsync()).Namespace());
        _env["POD_NAMESPACE"] = "from-env";
        Assert.Equal("from-env", (await LoadAsync()).Namespace());
    }

    [Fact]
    public async Task Without_a_kubeconfig_the_in_cluster_config_is_used()
    {
        MountServiceAccount("pod-ns");

        var connection = await LoadAsync();
        var settings = connection.ClientSettings();

        Assert.Equal("pod-ns", connection.Namespace());
        Assert.Equal("https://10.96.0.1:443", settings.Configuration.Host.TrimEnd('/'));
        Assert.Equal("sa-token", settings.Configuration.AccessToken);
        Assert.Single(settings.Configuration.SslCaCerts!);
        Assert.DoesNotContain("sa-token", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_flag_disables_the_in_cluster_config_and_overrides_take_effect()
    {
        MountServiceAccount(null);

        var settings = (await LoadAsync(new KubeConnectionOptions { Server = "https://api.example:6443", Token = "flag-token", As = "jane", InsecureSkipTlsVerify = true, TlsServerName = "kubernetes" })).ClientSettings();

        Assert.Equal("https://api.example:6443", settings.Configuration.Host.TrimEnd('/'));
        Assert.Equal("flag-token", settings.Configuration.AccessToken);
        Assert.True(settings.Configuration.SkipTlsVerify);
        Assert.Equal("kubernetes", settings.Configuration.TlsServerName);
        Assert.Equal("jane", settings.ImpersonateUser);
    }

    [Fact]
    public async Task A_relative_certificate_authority_is_resolved_against_the_file_that_names_it()
    {
        var second = Directory.CreateDirectory(Path.Combine(_dir, "second")).FullName;
        await File.WriteAllTextAsync(Path.Combine(second, "ca.pem"), _trust.CaPem, TestContext.Current.CancellationToken);
        var file = Path.Combine(second, "config");
        await File.WriteAllTextAsync(file, """
            apiVersion: v1
            kind: Config
            current-context: c
            clusters: [{name: k, cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.pem}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: c, context: {cluster: k, user: u}}]
            """, TestContext.Current.CancellationToken);
        var first = Path.Combine(_dir, "first");
        await File.WriteAllTextAsync(first, "apiVersion: v1\nkind: Config\n", TestContext.Current.CancellationToken);
        _env["KUBECONFIG"] = first + Path.PathSeparator + file;

        var settings = (await LoadAsync()).ClientSettings();

        Assert.Single(settings.Configuration.SslCaCerts!);
    }

    [Fact]
    public async Task Contradictions_and_missing_names_fail_with_client_go_words()
    {
        _env["KUBECONFIG"] = Kubeconfigs.Write(_dir, "https://127.0.0.1:6443", _trust.CaPem, "t");
        var ca = Path.Combine(_dir, "ca.pem");
        await File.WriteAllTextAsync(ca, _trust.CaPem, TestContext.Current.CancellationToken);

        Assert.Equal(
            "invalid configuration: specifying a root certificates file with the insecure flag is not allowed",
            (await Assert.ThrowsAsync<KubeConnectionException>(async () => (await LoadAsync(new KubeConnectionOptions { InsecureSkipTlsVerify = true, CertificateAuthority = ca })).ClientSettings())).Message);
        Assert.Equal(
            "invalid configuration: auth info \"nobody\" does not exist",
            (await Assert.ThrowsAsync<KubeConnectionException>(async () => (await LoadAsync(new KubeConnectionOptions { User = "nobody" })).ClientSettings())).Message);
        Assert.Equal(
            "invalid configuration: no server found for cluster \"nowhere\"",
            (await Assert.ThrowsAsync<KubeConnectionException>(async () => (await LoadAsync(new KubeConnectionOptions { Cluster = "nowhere" })).ClientSettings())).Message);
    }

    [Fact]
    public async Task A_broken_kubeconfig_names_its_file()
    {
        var broken = Path.Combine(_dir, "broken");
        await File.WriteAllTextAsync(broken, "clusters: [unclosed", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<KubeConnectionException>(() => LoadAsync(new KubeConnectionOptions { Kubeconfig = broken }));

        Assert.StartsWith($"error loading config file \"{broken}\": ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("5", 5.0)]
    [InlineData("1m30s", 90.0)]
    public void Request_timeout_follows_kubectl(string value, double? seconds) =>
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), KubeConnectionOptions.ParseRequestTimeout(value));

    [Fact]
    public void A_bad_request_timeout_is_refused() =>
        Assert.StartsWith("Invalid timeout value.", Assert.Throws<CliException>(() => KubeConnectionOptions.ParseRequestTimeout("soon")).Message, StringComparison.Ordinal);
}
