using FluxMirror.TestSupport.Aws;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Credentials;

/// <summary>
/// AWS credentials end to end through <c>flux-mirror sync</c>: the <c>aws</c> token provider against a registry that
/// replays its tokens to (fake) STS, and the reference's error messages. The CLI child reaches the fakes through the
/// SDKs' standard endpoint settings (<c>AWS_ENDPOINT_URL_*</c>).
/// </summary>
[Collection("Sync")]
public sealed class AwsSyncTests : IAsyncLifetime
{
    private const string Audience = "mirror.registry.example";
    private readonly AwsTestKeys _keys = new();
    private RegistryProcess _source = null!;
    private RegistryProcess _destination = null!;
    private FakeSts _sts = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _source = await RegistryProcess.StartAsync();
        _destination = await RegistryProcess.StartAsync();
        _sts = await FakeSts.StartAsync(_keys, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _sts.DisposeAsync();
        await _source.DisposeAsync();
        await _destination.DisposeAsync();
    }

    private string Config(string destinationHost, string hosts) =>
        SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{destinationHost}/mirror/app")) + hosts;

    private static string TokenHost(string host) =>
        $"hosts:\n  - host: {host}\n    credential:\n      provider: aws\n      aud: {Audience}\n";

    private Dictionary<string, string?> StsEnvironment(IDictionary<string, string?>? credentials = null) =>
        AwsChildEnvironment.Of(credentials ?? AwsTestKeys.StaticEnvironment(), [new("AWS_ENDPOINT_URL_STS", _sts.Url)]);

    [Fact]
    public async Task The_aws_token_provider_is_accepted_by_a_registry_that_replays_it_to_sts()
    {
        using var seeder = new RegistrySeeder(_source);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await using var front = await AwsTokenCheckingRegistry.StartAsync(_destination, _sts, Audience, Ct);
        using var cli = new FluxMirrorCli();

        var result = await cli.RunAsync(["sync", cli.WriteConfig(Config(front.Host, TokenHost(front.Host))), "--no-progress"], StsEnvironment());

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        using var check = new RegistrySeeder(_destination);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        Assert.Empty(front.Rejections);
        Assert.True(front.Admitted > 0);
        var replayed = _sts.Calls.Where(c => c.Action == "GetCallerIdentity").ToList();
        Assert.NotEmpty(replayed);
        Assert.All(replayed, c => Assert.True(c.Succeeded && c.Signature!.AccessKeyId == AwsTestKeys.Static.AccessKeyId && c.Audience == Audience));
        // One token serves the whole (short) run: reused for half of its two minutes.
        var token = Assert.Single(front.Tokens);
        Assert.DoesNotContain(token, result.CombinedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsTestKeys.Static.SecretAccessKey, result.CombinedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_aws_token_provider_signs_with_web_identity_session_credentials()
    {
        using var seeder = new RegistrySeeder(_source);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await using var front = await AwsTokenCheckingRegistry.StartAsync(_destination, _sts, Audience, Ct);
        using var cli = new FluxMirrorCli();
        var tokenFile = Path.Combine(cli.Home, "web-identity-token");
        await File.WriteAllTextAsync(tokenFile, _sts.WebIdentityToken + "\n", Ct);

        var result = await cli.RunAsync(
            ["sync", cli.WriteConfig(Config(front.Host, TokenHost(front.Host))), "--no-progress"],
            StsEnvironment(new Dictionary<string, string?> { ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile, ["AWS_ROLE_ARN"] = _sts.RoleArn }));

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        using var check = new RegistrySeeder(_destination);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        var session = Assert.Single(_sts.Sessions);
        Assert.Contains(_sts.Calls, c => c.Action == "GetCallerIdentity" && c.Succeeded && c.Signature!.AccessKeyId == session.AccessKeyId);
        Assert.DoesNotContain(session.SessionToken!, result.CombinedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(_sts.WebIdentityToken, result.CombinedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_aws_credentials_the_token_provider_fails_with_the_references_message()
    {
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var cli = new FluxMirrorCli();

        var result = await cli.RunAsync(
            ["sync", cli.WriteConfig(Config(_destination.Host, TokenHost(_destination.Host))), "--no-progress", "--retries", "0"],
            StsEnvironment(new Dictionary<string, string?>()),
            TimeSpan.FromSeconds(90));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"failed to obtain CI JWT for host \"{_destination.Host}\": retrieve AWS credentials: ", result.CombinedOutput, StringComparison.Ordinal);
        AssertOneLineWithoutStackTrace(result, "retrieve AWS credentials: ");
    }

    [Fact]
    public async Task A_web_identity_token_sts_refuses_fails_with_the_sts_error()
    {
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var cli = new FluxMirrorCli();
        var tokenFile = Path.Combine(cli.Home, "web-identity-token");
        await File.WriteAllTextAsync(tokenFile, "a-token-sts-does-not-know", Ct);

        var result = await cli.RunAsync(
            ["sync", cli.WriteConfig(Config(_destination.Host, TokenHost(_destination.Host))), "--no-progress", "--retries", "0"],
            StsEnvironment(new Dictionary<string, string?> { ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile, ["AWS_ROLE_ARN"] = _sts.RoleArn }),
            TimeSpan.FromSeconds(90));

        Assert.Equal(1, result.ExitCode);
        AssertOneLineWithoutStackTrace(result, "retrieve AWS credentials: ");
        Assert.Contains("Couldn't retrieve verification key from your identity provider", result.CombinedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("a-token-sts-does-not-know", result.CombinedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_named_profile_fails_loading_the_aws_config()
    {
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var cli = new FluxMirrorCli();
        var env = StsEnvironment();
        env["AWS_PROFILE"] = "no-such-profile";

        var result = await cli.RunAsync(
            ["sync", cli.WriteConfig(Config(_destination.Host, TokenHost(_destination.Host))), "--no-progress", "--retries", "0"], env, TimeSpan.FromSeconds(90));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            $"failed to obtain CI JWT for host \"{_destination.Host}\": load AWS config: failed to get shared config profile, no-such-profile",
            result.CombinedOutput,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ecr_provider_on_a_host_outside_ecr_fails_with_the_references_message()
    {
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        using var cli = new FluxMirrorCli();
        var hosts = $"hosts:\n  - host: {_destination.Host}\n    provider: ecr\n";

        var result = await cli.RunAsync(
            ["sync", cli.WriteConfig(Config(_destination.Host, hosts)), "--no-progress", "--retries", "0"], StsEnvironment(), TimeSpan.FromSeconds(90));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            $"get aws registry credentials for \"{_destination.Host}\": invalid AWS registry: '{_destination.Host}'. must match " +
            @"([0-9+]*).dkr.ecr(?:-fips)?\.([^/.]*)\.(amazonaws\.com[.cn]*|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)",
            result.CombinedOutput,
            StringComparison.Ordinal);
        AssertOneLineWithoutStackTrace(result, "invalid AWS registry: ");
    }

    private static void AssertOneLineWithoutStackTrace(ProcessResult result, string message)
    {
        Assert.DoesNotContain("   at ", result.CombinedOutput, StringComparison.Ordinal);
        var lines = result.CombinedOutput.Split('\n').Where(l => l.Contains(message, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains("✗", l, StringComparison.Ordinal));
    }
}
