using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Sync;

/// <summary>Sync against an htpasswd-protected registry: Docker config, config credentials, wrong password.</summary>
[Collection("Sync")]
public sealed class AuthSyncTests : IAsyncLifetime
{
    private const string User = "mirror";
    private const string Password = "s3cr3t-Pa55w0rd-xyz";
    private RegistryProcess _source = null!;
    private RegistryProcess _secured = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _source = await RegistryProcess.StartAsync();
        _secured = await RegistryProcess.StartAsync(new RegistryOptions(User, Password));
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync();
        await _secured.DisposeAsync();
    }

    private string Config(string hosts = "") =>
        SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{_secured.Host}/mirror/app")) + hosts;

    [Fact]
    public async Task Basic_auth_comes_from_the_docker_config()
    {
        using var seeder = new RegistrySeeder(_source);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var docker = new DockerConfigDir().WithBasic(_secured.Host, User, Password);
        using var cli = new FluxMirrorCli(docker.Path);

        var result = await cli.SyncAsync(Config());

        Assert.Equal(0, result.ExitCode);
        using var check = new RegistrySeeder(_secured);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
    }

    [Fact]
    public async Task A_config_credential_with_username_goes_through_the_challenge()
    {
        using var seeder = new RegistrySeeder(_source);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var cli = new FluxMirrorCli();

        var hosts = $"hosts:\n  - host: {_secured.Host}\n    username: {User}\n    credential:\n      value: ${{MIRROR_PASSWORD}}\n";
        var result = await cli.RunAsync(["sync", cli.WriteConfig(Config(hosts)), "--no-progress"], new Dictionary<string, string?> { ["MIRROR_PASSWORD"] = Password });

        Assert.Equal(0, result.ExitCode);
        using var check = new RegistrySeeder(_secured);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
    }

    [Fact]
    public async Task Wrong_credentials_fail_the_tag_without_leaking_the_password()
    {
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        const string wrong = "definitely-not-the-password-4711";
        using var docker = new DockerConfigDir().WithBasic(_secured.Host, User, wrong);
        using var cli = new FluxMirrorCli(docker.Path);

        var result = await cli.SyncAsync(Config(), "--retries", "0", "--verbose");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("401 Unauthorized", result.CombinedOutput);
        Assert.DoesNotContain(wrong, result.CombinedOutput);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{wrong}")), result.CombinedOutput);
    }
}
