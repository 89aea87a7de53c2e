using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Integration.Coordinator.Login;

/// <summary>
/// <c>flux-mirror login</c> as a child process with its own HOME, DOCKER_CONFIG and PATH: what it stores is read back
/// by skopeo and by <c>flux-mirror sync</c> against an htpasswd registry, through the file and through a real helper.
/// </summary>
[Collection("Sync")]
public sealed class LoginCommandTests : IAsyncLifetime
{
    private const string User = "mirror";
    private const string Password = "login-Pa55w0rd-7Kq";
    private const string BearerToken = "bearer-registry-token-M3x";
    private RegistryProcess _secured = null!;
    private RegistryProcess _open = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Hosts(string hosts) => SyncConfigs.Header + "hosts:\n" + hosts;

    private string SecuredHost => $"  - host: {_secured.Host}\n    username: {User}\n    credential:\n      value: ${{PASS}}\n";

    public async ValueTask InitializeAsync()
    {
        _secured = await RegistryProcess.StartAsync(new RegistryOptions(User, Password), Ct);
        _open = await RegistryProcess.StartAsync(ct: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _secured.DisposeAsync();
        await _open.DisposeAsync();
    }

    [Fact]
    public async Task Plaintext_login_is_read_by_skopeo_and_by_sync()
    {
        using var seeder = new RegistrySeeder(_secured);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var cli = new FluxMirrorCli();

        var login = await Login(cli, [SecuredHost], ["--plaintext"]);

        Assert.Equal(0, login.ExitCode);
        Assert.Equal($"✔ stored credential for {_secured.Host} in {ConfigFile(cli)}\n", login.StandardOutput);
        var entry = Root(cli)["auths"]![_secured.Host]!;
        Assert.Equal((User, Password), ((string?)entry["username"], (string?)entry["password"]));
        var inspect = await SkopeoTool.InspectRawAsync(SkopeoTool.DockerReference(_secured, "team/app", "1.0.0"), ConfigFile(cli), Ct);
        Assert.True(inspect.Succeeded, inspect.CombinedOutput);

        var sync = await Sync(cli);

        Assert.Equal(0, sync.ExitCode);
        using var check = new RegistrySeeder(_open);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        AssertNoSecret(login, sync);
    }

    [Fact]
    public async Task A_detected_helper_holds_the_secret_and_sync_reads_it_back_through_it()
    {
        using var seeder = new RegistrySeeder(_secured);
        var image = await seeder.PushImageAsync("team/app", "2.0.0", ct: Ct);
        using var helper = new RecordingCredentialHelper(PlatformHelperName());
        using var cli = new FluxMirrorCli();

        var login = await Login(cli, [SecuredHost], helperPath: helper.Directory);

        Assert.Equal(0, login.ExitCode);
        Assert.Equal($"✔ stored credential for {_secured.Host} via the \"{helper.Name}\" credential helper\n", login.StandardOutput);
        var stored = JsonNode.Parse(Assert.Single(helper.StoredEntries()))!;
        Assert.Equal((_secured.Host, User, Password), ((string?)stored["ServerURL"], (string?)stored["Username"], (string?)stored["Secret"]));
        var config = File.ReadAllText(ConfigFile(cli));
        Assert.DoesNotContain(Password, config, StringComparison.Ordinal);
        Assert.Equal(helper.Name, (string?)Root(cli)["credsStore"]);
        Assert.Empty(Root(cli)["auths"]![_secured.Host]!.AsObject());

        var sync = await Sync(cli, helper.Directory);

        Assert.Equal(0, sync.ExitCode);
        using var check = new RegistrySeeder(_open);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "2.0.0", Ct));
        AssertNoSecret(login, sync);
    }

    [Fact]
    public async Task A_registry_token_goes_to_the_file_even_with_a_helper_configured()
    {
        using var helper = new RecordingCredentialHelper("keychain");
        using var cli = new FluxMirrorCli();
        File.WriteAllText(ConfigFile(cli), """{"credsStore":"keychain"}""");

        var login = await Login(cli, ["  - host: bearer.example\n    credential:\n      value: ${TOKEN}\n", SecuredHost], helperPath: helper.Directory);

        Assert.Equal(0, login.ExitCode);
        Assert.Equal(
            $"✔ stored credential for bearer.example in {ConfigFile(cli)}\n✔ stored credential for {_secured.Host} via the \"keychain\" credential helper\n",
            login.StandardOutput);
        Assert.Equal(BearerToken, (string?)Root(cli)["auths"]!["bearer.example"]!["registrytoken"]);
        Assert.DoesNotContain(BearerToken, Assert.Single(helper.StoredEntries()), StringComparison.Ordinal);
        AssertNoSecret(login);
    }

    [Fact]
    public async Task The_config_is_read_from_stdin_and_only_the_named_host_is_stored()
    {
        using var cli = new FluxMirrorCli();
        var yaml = Hosts(SecuredHost + "  - host: other.example\n    credential:\n      value: other-token\n");

        var login = await cli.RunAsync(["login", "-f", "-", "--host", _secured.Host, "--plaintext"], Environment(), stdin: yaml);

        Assert.Equal(0, login.ExitCode);
        Assert.Equal([_secured.Host], Root(cli)["auths"]!.AsObject().Select(p => p.Key));
        AssertNoSecret(login);
    }

    [Fact]
    public async Task A_tls_only_host_is_skipped_and_nothing_is_written()
    {
        using var cli = new FluxMirrorCli();
        using var ca = new TestCertificateAuthority("login-test-ca");
        // Relative to the config's directory, where FluxMirrorCli writes configs (paths are confined there).
        File.WriteAllText(Path.Combine(cli.Home, "ca.pem"), ca.CertificatePem);

        var login = await Login(cli, ["  - host: tls.example\n    tls:\n      serverAuth:\n        fromPath: ca.pem\n"]);

        Assert.Equal(0, login.ExitCode);
        Assert.Equal("• skipping tls.example: no credential configured (TLS-only host)\n", login.StandardOutput);
        Assert.False(File.Exists(ConfigFile(cli)));
    }

    [Fact]
    public async Task When_the_second_host_fails_the_first_stays_stored_and_the_error_names_the_second()
    {
        using var cli = new FluxMirrorCli();

        var login = await Login(
            cli,
            [SecuredHost, "  - host: broken.example\n    credential:\n      fromPath: missing-token\n", "  - host: third.example\n    credential:\n      value: ${TOKEN}\n"],
            ["--plaintext"]);

        Assert.Equal(1, login.ExitCode);
        Assert.Equal($"✔ stored credential for {_secured.Host} in {ConfigFile(cli)}\n", login.StandardOutput);
        Assert.StartsWith("✗ host \"broken.example\": read fromPath: ", login.StandardError, StringComparison.Ordinal);
        Assert.Single(login.StandardError.TrimEnd('\n').Split('\n'));
        Assert.Equal([_secured.Host], Root(cli)["auths"]!.AsObject().Select(p => p.Key));
        AssertNoSecret(login);
    }

    [Fact]
    public async Task A_failing_helper_is_reported_for_its_host_without_the_secret()
    {
        using var helper = new RecordingCredentialHelper("broken", failWith: "keychain is locked");
        using var cli = new FluxMirrorCli();
        File.WriteAllText(ConfigFile(cli), """{"credsStore":"broken"}""");

        var login = await Login(cli, [SecuredHost], helperPath: helper.Directory);

        Assert.Equal(1, login.ExitCode);
        Assert.Equal(
            $"✗ store docker credential for \"{_secured.Host}\": docker-credential-broken store: exit code 1: keychain is locked\n",
            login.StandardError);
        Assert.Equal("""{"credsStore":"broken"}""", File.ReadAllText(ConfigFile(cli)));
        AssertNoSecret(login);
    }

    [Fact]
    public async Task A_hanging_helper_is_bounded_by_the_global_timeout()
    {
        using var helper = new RecordingCredentialHelper("hang");
        File.WriteAllText(helper.Script, "#!/bin/sh\nexec sleep 60\n");
        using var cli = new FluxMirrorCli();
        File.WriteAllText(ConfigFile(cli), """{"credsStore":"hang"}""");

        var login = await Login(cli, [SecuredHost], ["--timeout", "1s"], helper.Directory);

        Assert.Equal(1, login.ExitCode);
        Assert.Equal($"✗ store docker credential for \"{_secured.Host}\": context deadline exceeded (--timeout 1s)\n", login.StandardError);
        AssertNoSecret(login);
    }

    [Fact]
    public async Task An_unknown_host_is_one_error_line()
    {
        using var cli = new FluxMirrorCli();

        var login = await Login(cli, [SecuredHost], ["--host", "nope.example"]);

        Assert.Equal((1, string.Empty, "✗ host \"nope.example\" not found in hosts\n"), (login.ExitCode, login.StandardOutput, login.StandardError));
        Assert.False(File.Exists(ConfigFile(cli)));
    }

    [Fact]
    public async Task A_config_without_hosts_is_one_error_line()
    {
        using var cli = new FluxMirrorCli();
        var yaml = SyncConfigs.Config(SyncConfigs.Artifact("ghcr.io/team/app", "registry.example/mirror/app"));

        var login = await cli.RunAsync(["login", "-f", cli.WriteConfig(yaml)], Environment());

        Assert.Equal((1, string.Empty, "✗ config has no hosts\n"), (login.ExitCode, login.StandardOutput, login.StandardError));
        Assert.False(File.Exists(ConfigFile(cli)));
    }

    [Fact]
    public async Task Without_a_config_the_default_is_next_to_the_executable()
    {
        using var cli = new FluxMirrorCli();

        var login = await cli.RunAsync(["login"], Environment());

        var expected = Path.Combine(Path.GetDirectoryName(FluxMirrorCli.Executable)!, "flux-mirror.config");
        Assert.Equal((1, $"✗ open config: open {expected}: no such file or directory\n"), (login.ExitCode, login.StandardError));
    }

    [Fact]
    public async Task A_malformed_docker_config_is_refused_and_kept()
    {
        using var cli = new FluxMirrorCli();
        File.WriteAllText(ConfigFile(cli), "{\"auths\": ");

        var login = await Login(cli, [SecuredHost], ["--plaintext"]);

        Assert.Equal(1, login.ExitCode);
        Assert.StartsWith($"✗ parse docker config \"{ConfigFile(cli)}\": ", login.StandardError, StringComparison.Ordinal);
        Assert.Equal("{\"auths\": ", File.ReadAllText(ConfigFile(cli)));
        AssertNoSecret(login);
    }

    // docker/cli's Linux detection: `pass` when that program is installed, else secretservice (the child's PATH
    // keeps /usr/bin and /bin, so an installed pass is seen there too).
    private static string PlatformHelperName() =>
        File.Exists("/usr/bin/pass") || File.Exists("/bin/pass") ? "pass" : "secretservice";

    private static string ConfigFile(FluxMirrorCli cli) => Path.Combine(cli.DockerConfigDirectory, "config.json");

    private static JsonNode Root(FluxMirrorCli cli) => JsonNode.Parse(File.ReadAllText(ConfigFile(cli)))!;

    /// <summary>
    /// The child's environment: no ambient cloud identity, the secrets the configs reference, and a PATH of only the
    /// system directories (plus a helper directory), so a helper installed on the developer's machine is never detected.
    /// </summary>
    private static Dictionary<string, string?> Environment(string? helperPath = null)
    {
        var system = $"{Path.GetDirectoryName(ProcessPath("dotnet"))}:/usr/bin:/bin";
        return CiEnvironment.With(new Dictionary<string, string?>
        {
            ["PASS"] = Password,
            ["TOKEN"] = BearerToken,
            ["PATH"] = helperPath is null ? system : $"{helperPath}:{system}",
        });
    }

    private static string ProcessPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists) ?? "/usr/bin/" + program;

    private static Task<ProcessResult> Login(FluxMirrorCli cli, string[] hosts, string[]? flags = null, string? helperPath = null) =>
        cli.RunAsync(["login", "-f", cli.WriteConfig(Hosts(string.Concat(hosts))), .. flags ?? []], Environment(helperPath));

    private Task<ProcessResult> Sync(FluxMirrorCli cli, string? helperPath = null) =>
        cli.RunAsync(
            ["sync", cli.WriteConfig(SyncConfigs.Config(SyncConfigs.Artifact($"{_secured.Host}/team/app", $"{_open.Host}/mirror/app"))), "--no-progress"],
            Environment(helperPath));

    private static void AssertNoSecret(params ProcessResult[] results)
    {
        foreach (var result in results)
        {
            Assert.DoesNotContain(Password, result.CombinedOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(BearerToken, result.CombinedOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}")), result.CombinedOutput, StringComparison.Ordinal);
        }
    }
}
