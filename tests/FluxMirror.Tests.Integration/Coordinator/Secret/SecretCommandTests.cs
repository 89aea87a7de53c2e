using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxMirror.Coordinator;
using FluxMirror.Coordinator.Cli;
using FluxMirror.Coordinator.Commands.Secret;
using FluxMirror.Coordinator.Kubernetes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cloud;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.Tests.Integration.Coordinator.Secret;

/// <summary>
/// <c>flux-mirror secret</c> through the CLI child process against a fake Kubernetes API server (real HTTPS, real
/// kubeconfig, KubernetesClient on the wire): create, replace, conflicts, namespaces, flags, API errors, in-cluster
/// config and <c>--export</c>; and no secret ever in the output.
/// </summary>
// No registry or shared port: these run beside the Sync and Cluster collections, not after them.
[Collection("CommandLine")]
public sealed class SecretCommandTests : IAsyncLifetime
{
    private const string KubeToken = "kube-bearer-4f1c9e2a7d";
    private const string RegistryPassword = "reg-pass-8b3e1f";
    private const string RegistryToken = "reg-token-5a9d7c";

    private static readonly string HostsConfig = $"""
        apiVersion: mirror.plugin.fluxcd.io/v1beta1
        kind: Config
        hosts:
          - host: user.example.com
            username: robot
            credential:
              value: {RegistryPassword}
          - host: token.example.com:5000
            credential:
              value: {RegistryToken}
          - host: tls.example.com
            tls:
              serverAuth:
                value: not-a-pem-but-unused
        """;

    private readonly CloudTrust _trust = new();
    private readonly FluxMirrorCli _cli = new();
    private FakeKubernetesApi _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _api = await FakeKubernetesApi.StartAsync(_trust, KubeToken, Ct);

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _cli.Dispose();
        _trust.Dispose();
    }

    private string Kubeconfig(string? ns = "flux-system", string? token = KubeToken, string context = "test") =>
        Kubeconfigs.Write(_cli.Home, _api.Server, _trust.CaPem, token, ns, context);

    // The child sees only what the test gives it: no ambient kubeconfig, in-cluster or cloud settings.
    private static Dictionary<string, string?> Env(string? kubeconfig)
    {
        var env = new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["KUBERNETES_SERVICE_HOST"] = null,
            ["KUBERNETES_SERVICE_PORT"] = null,
            ["POD_NAMESPACE"] = null,
        };
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(n => n.StartsWith("AWS_", StringComparison.Ordinal) || n.StartsWith("AZURE_", StringComparison.Ordinal) || n.StartsWith("GOOGLE_", StringComparison.Ordinal)
                || n.StartsWith("ACTIONS_", StringComparison.Ordinal) || n.StartsWith("SPIFFE_", StringComparison.Ordinal)))
        {
            env[name] = null;
        }

        return env;
    }

    private Task<ProcessResult> RunAsync(string? kubeconfig, params string[] args) =>
        _cli.RunAsync(["secret", .. args, "-f", _cli.WriteConfig(HostsConfig)], Env(kubeconfig));

    private Task<ProcessResult> RunWithConfigAsync(string config, string? kubeconfig, params string[] args) =>
        _cli.RunAsync(["secret", .. args, "-f", _cli.WriteConfig(config)], Env(kubeconfig));

    private static void AssertNoSecret(ProcessResult result)
    {
        foreach (var secret in new[] { KubeToken, RegistryPassword, RegistryToken, Convert.ToBase64String(Encoding.UTF8.GetBytes($"robot:{RegistryPassword}")) })
        {
            Assert.DoesNotContain(secret, result.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.StandardError, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    private static string DockerConfigJsonOf(JsonObject secret) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]![".dockerconfigjson"]!.GetValue<string>()));

    private static readonly string ExpectedDockerConfigJson =
        "{\"auths\":{\"token.example.com:5000\":{\"registrytoken\":\"" + RegistryToken + "\"},\"user.example.com\":{\"username\":\"robot\",\"password\":\"" + RegistryPassword
        + "\",\"auth\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes($"robot:{RegistryPassword}")) + "\"}}}";

    [Fact]
    public async Task Creates_a_dockerconfigjson_secret_in_the_context_namespace()
    {
        var result = await RunAsync(Kubeconfig(), "regcreds");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "• skipping tls.example.com: no credential configured (TLS-only host)\n✔ secret flux-system/regcreds created with 2 host(s)\n",
            result.StandardOutput);
        Assert.Equal(string.Empty, result.StandardError);
        var stored = _api.Get("flux-system", "regcreds");
        Assert.NotNull(stored);
        Assert.Equal("kubernetes.io/dockerconfigjson", stored["type"]!.GetValue<string>());
        Assert.Equal(ExpectedDockerConfigJson, DockerConfigJsonOf(stored));
        Assert.All(_api.Requests, r => Assert.Equal($"Bearer {KubeToken}", r.Headers["Authorization"]));
        AssertNoSecret(result);
    }

    [Fact]
    public async Task Replaces_an_existing_secret_at_its_resource_version_keeping_labels_and_annotations()
    {
        var seeded = _api.Seed("flux-system", "regcreds", new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "cronjob" }, new Dictionary<string, string> { ["example.com/rotated-by"] = "flux-mirror" });
        var version = seeded["metadata"]!["resourceVersion"]!.GetValue<string>();

        var result = await RunAsync(Kubeconfig(), "regcreds");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("✔ secret flux-system/regcreds replaced with 2 host(s)\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["POST", "GET", "PUT"], _api.Requests.Select(r => r.Method));
        var put = JsonNode.Parse(_api.Requests[2].Body)!;
        Assert.Equal(version, put["metadata"]!["resourceVersion"]!.GetValue<string>());
        var stored = _api.Get("flux-system", "regcreds")!;
        Assert.Equal("cronjob", stored["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        Assert.Equal("flux-mirror", stored["metadata"]!["annotations"]!["example.com/rotated-by"]!.GetValue<string>());
        Assert.Equal(ExpectedDockerConfigJson, DockerConfigJsonOf(stored));
        AssertNoSecret(result);
    }

    [Fact]
    public async Task A_replace_that_loses_a_race_is_retried_once_from_a_fresh_read()
    {
        _api.Seed("flux-system", "regcreds");
        _api.InterleaveWriterAfterReads(1);

        var result = await RunAsync(Kubeconfig(), "regcreds");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("✔ secret flux-system/regcreds replaced with 2 host(s)\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["POST", "GET", "PUT", "GET", "PUT"], _api.Requests.Select(r => r.Method));
        Assert.Equal(ExpectedDockerConfigJson, DockerConfigJsonOf(_api.Get("flux-system", "regcreds")!));
    }

    [Fact]
    public async Task A_second_lost_race_fails_with_the_api_conflict_message()
    {
        _api.Seed("flux-system", "regcreds");
        _api.InterleaveWriterAfterReads(2);

        var result = await RunAsync(Kubeconfig(), "regcreds");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "✗ replace secret: Operation cannot be fulfilled on secrets \"regcreds\": the object has been modified; please apply your changes to the latest version and try again\n",
            result.StandardError);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task Create_refuses_an_existing_secret_and_leaves_it_untouched()
    {
        _api.Seed("flux-system", "regcreds");
        var before = DockerConfigJsonOf(_api.Get("flux-system", "regcreds")!);

        var result = await RunAsync(Kubeconfig(), "regcreds", "--create");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ create secret: secrets \"regcreds\" already exists\n", result.StandardError);
        Assert.Equal(before, DockerConfigJsonOf(_api.Get("flux-system", "regcreds")!));
        Assert.Equal(["POST"], _api.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task The_namespace_flag_wins_over_the_context_namespace()
    {
        var result = await RunAsync(Kubeconfig(ns: "flux-system"), "regcreds", "-n", "apps", "--host", "user.example.com");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("✔ secret apps/regcreds created with 1 host(s)\n", result.StandardOutput);
        Assert.NotNull(_api.Get("apps", "regcreds"));
        Assert.Null(_api.Get("flux-system", "regcreds"));
    }

    [Fact]
    public async Task Without_any_namespace_the_secret_goes_to_default()
    {
        var result = await RunAsync(Kubeconfig(ns: null), "regcreds", "--host", "token.example.com:5000");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("✔ secret default/regcreds created with 1 host(s)\n", result.StandardOutput);
        Assert.Equal("""{"auths":{"token.example.com:5000":{"registrytoken":"reg-token-5a9d7c"}}}""", DockerConfigJsonOf(_api.Get("default", "regcreds")!));
    }

    [Fact]
    public async Task Server_token_and_certificate_authority_flags_work_without_a_kubeconfig()
    {
        var ca = Path.Combine(_cli.Home, "ca.pem");
        await File.WriteAllTextAsync(ca, _trust.CaPem, Ct);

        var result = await RunAsync(null, "regcreds", "--server", _api.Server, "--token", KubeToken, "--certificate-authority", ca, "-n", "team", "--as", "jane", "--as-group", "ops");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("• skipping tls.example.com: no credential configured (TLS-only host)\n✔ secret team/regcreds created with 2 host(s)\n", result.StandardOutput);
        var post = Assert.Single(_api.Requests);
        Assert.Equal("jane", post.Headers["Impersonate-User"]);
        Assert.Equal("ops", post.Headers["Impersonate-Group"]);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task The_token_flag_overrides_the_kubeconfig_user()
    {
        var result = await RunAsync(Kubeconfig(token: "stale-token-1"), "regcreds", "--token", KubeToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Bearer {KubeToken}", Assert.Single(_api.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Kubeconfig_files_listed_in_KUBECONFIG_are_merged_first_definition_wins()
    {
        // The first file only selects the context; the second defines it; a missing entry is skipped like kubectl.
        var selector = Path.Combine(_cli.Home, "selector");
        await File.WriteAllTextAsync(selector, "apiVersion: v1\nkind: Config\ncurrent-context: merged\n", Ct);
        var definitions = Kubeconfigs.Write(_cli.Home, _api.Server, _trust.CaPem, KubeToken, "merged-ns", contextName: "merged");
        var list = string.Join(Path.PathSeparator, Path.Combine(_cli.Home, "missing"), selector, definitions);

        var result = await RunAsync(list, "regcreds");

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("✔ secret merged-ns/regcreds created with 2 host(s)\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_reported_as_unauthorized_without_echoing_it()
    {
        var result = await RunAsync(Kubeconfig(token: "wrong-token-77"), "regcreds");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ create secret: Unauthorized\n", result.StandardError);
        Assert.DoesNotContain("wrong-token-77", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task A_forbidden_namespace_is_reported_with_the_api_message()
    {
        _api.ForbiddenNamespaces.Add("locked");

        var result = await RunAsync(Kubeconfig(), "regcreds", "-n", "locked");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"✗ create secret: secrets is forbidden: User \"{FakeKubernetesApi.UserName}\" cannot create resource \"secrets\" in API group \"\" in the namespace \"locked\"\n",
            result.StandardError);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task A_secret_that_cannot_be_read_back_fails_the_replace_with_the_api_message()
    {
        _api.Seed("writeonly", "regcreds");
        _api.UnreadableNamespaces.Add("writeonly");

        var result = await RunAsync(Kubeconfig(), "regcreds", "-n", "writeonly");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"✗ get existing secret: secrets \"regcreds\" is forbidden: User \"{FakeKubernetesApi.UserName}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"writeonly\"\n",
            result.StandardError);
        AssertNoSecret(result);
    }

    [Fact]
    public async Task A_host_whose_credential_cannot_be_resolved_is_named_and_nothing_is_written()
    {
        const string Config = """
            apiVersion: mirror.plugin.fluxcd.io/v1beta1
            kind: Config
            hosts:
              - host: broken.example.com
                credential:
                  fromPath: missing-token
            """;

        var result = await RunWithConfigAsync(Config, Kubeconfig(), "regcreds");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("✗ host \"broken.example.com\": read fromPath: ", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData("--request-timeout")]
    [InlineData("--timeout")]
    public async Task A_hanging_api_call_is_cut_by_the_timeout(string flag)
    {
        _api.HangingNamespaces.Add("slow");
        var started = Stopwatch.StartNew();

        var result = await RunAsync(Kubeconfig(), "regcreds", "-n", "slow", flag, "1s");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ create secret: Post \"{_api.Server}/api/v1/namespaces/slow/secrets\": context deadline exceeded\n", result.StandardError);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task A_missing_context_fails_namespace_resolution()
    {
        var result = await RunAsync(Kubeconfig(), "regcreds", "--context", "prod");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ resolve namespace: invalid configuration: context was not found for specified context: prod\n", result.StandardError);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task No_configuration_at_all_is_refused_with_client_go_words()
    {
        var withNamespace = await RunAsync(null, "regcreds", "-n", "x");
        var without = await RunAsync(null, "regcreds");

        Assert.Equal("✗ build kubernetes client config: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n", withNamespace.StandardError);
        Assert.Equal("✗ resolve namespace: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n", without.StandardError);
        Assert.Equal(1, without.ExitCode);
    }

    [Fact]
    public async Task A_missing_name_is_a_cobra_argument_error()
    {
        var result = await RunAsync(Kubeconfig());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("✗ accepts 1 arg(s), received 0\n", result.StandardError);
    }

    [Fact]
    public async Task An_unknown_host_and_an_all_tls_only_selection_are_refused_before_any_write()
    {
        var unknown = await RunAsync(Kubeconfig(), "regcreds", "--host", "nope.example.com");
        var tlsOnly = await RunAsync(Kubeconfig(), "regcreds", "--host", "tls.example.com");

        Assert.Equal("✗ host \"nope.example.com\" not found in hosts\n", unknown.StandardError);
        Assert.Equal("• skipping tls.example.com: no credential configured (TLS-only host)\n", tlsOnly.StandardOutput);
        Assert.Equal("✗ no credential to write: every selected host is TLS-only (no credential or provider configured)\n", tlsOnly.StandardError);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Export_prints_a_valid_secret_manifest_and_calls_no_api()
    {
        var result = await RunAsync(Kubeconfig(), "regcreds", "--export", "-n", "flux-system");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("• skipping tls.example.com: no credential configured (TLS-only host)\n", result.StandardError);
        Assert.Empty(_api.Requests);
        var stream = new YamlStream();
        stream.Load(new StringReader(result.StandardOutput));
        var root = (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
        string At(params string[] path) => (string)path.Aggregate((YamlNode)root, (node, key) => ((YamlMappingNode)node).Children[new YamlScalarNode(key)]).ToString();
        Assert.Equal("v1", At("apiVersion"));
        Assert.Equal("Secret", At("kind"));
        Assert.Equal("regcreds", At("metadata", "name"));
        Assert.Equal("flux-system", At("metadata", "namespace"));
        Assert.Equal("kubernetes.io/dockerconfigjson", At("type"));
        var data = At("data", ".dockerconfigjson");
        Assert.Equal(ExpectedDockerConfigJson, Encoding.UTF8.GetString(Convert.FromBase64String(data)));
        // Outside the base64 data, nothing secret.
        AssertNoSecret(result with { StandardOutput = result.StandardOutput.Replace(data, string.Empty, StringComparison.Ordinal) });
        await KubectlDryRunIfPresentAsync(result.StandardOutput, Kubeconfig());
    }

    [Fact]
    public async Task Export_refuses_create_and_connection_flags()
    {
        var create = await RunAsync(null, "regcreds", "--export", "--create");
        var context = await RunAsync(null, "regcreds", "--export", "--context", "prod");

        Assert.Equal("✗ --create cannot be used with --export: --export writes nothing to the cluster\n", create.StandardError);
        Assert.Equal("✗ --context cannot be used with --export: --export makes no API call (only -n/--namespace is used)\n", context.StandardError);
        Assert.Equal(1, context.ExitCode);
    }

    [Fact]
    public async Task In_cluster_config_comes_from_the_service_account_directory()
    {
        // The same command, built with another ServiceAccount directory and environment instead of the process's.
        var serviceAccount = Directory.CreateDirectory(Path.Combine(_cli.Home, "serviceaccount")).FullName;
        await File.WriteAllTextAsync(Path.Combine(serviceAccount, "token"), KubeToken + "\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(serviceAccount, "ca.crt"), _trust.CaPem, Ct);
        await File.WriteAllTextAsync(Path.Combine(serviceAccount, "namespace"), "pod-ns", Ct);
        var env = new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = new Uri(_api.Server).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HOME"] = _cli.Home,
        };
        var ambient = new KubeAmbient(name => env.GetValueOrDefault(name), serviceAccount);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, () => Stream.Null, false);

        var code = await CommandLine.RunAsync(["secret", "regcreds", "-f", _cli.WriteConfig(HostsConfig)], console, [SecretCommand.Spec(console, ambient)], Ct);

        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Equal(0, code);
        Assert.EndsWith("✔ secret pod-ns/regcreds created with 2 host(s)\n", stdout.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal($"Bearer {KubeToken}", Assert.Single(_api.Requests).Headers["Authorization"]);
        Assert.Equal(ExpectedDockerConfigJson, DockerConfigJsonOf(_api.Get("pod-ns", "regcreds")!));
    }

    // When kubectl is installed it reads the manifest too (mapping it through the fake API's discovery, writing nothing).
    private static async Task KubectlDryRunIfPresentAsync(string manifest, string kubeconfig)
    {
        var kubectl = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl")).FirstOrDefault(File.Exists);
        if (kubectl is null)
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo(kubectl, ["apply", "--dry-run=client", "--validate=false", "--kubeconfig", kubeconfig, "-o", "json", "-f", "-"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(manifest);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        var errors = await process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, errors);
        Assert.Equal("Secret", JsonDocument.Parse(output).RootElement.GetProperty("kind").GetString());
    }
}
