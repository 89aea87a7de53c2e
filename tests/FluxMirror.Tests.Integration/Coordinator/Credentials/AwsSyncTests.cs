using System.Text.RegularExpressions;
using FluxMirror.TestSupport.Aws;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Cloud;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Coordinator.Credentials;

/// <summary>
/// AWS credentials end to end through <c>flux-mirror sync</c>: <c>provider: ecr</c> hosts reached through a CONNECT
/// proxy with a private CA (static keys, web identity, renewal, ECR Public), the <c>aws</c> token provider against a
/// registry that replays its tokens to (fake) STS, and the reference's error messages. The CLI child reaches the fakes through the
/// SDKs' standard endpoint settings (<c>AWS_ENDPOINT_URL_*</c>).
/// </summary>
// Own collection: much of it waits on token lifetimes, which overlaps the Sync collection instead of lengthening it.
[Collection("Credentials")]
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

    private const string EcrHost = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
    private const string EcrRegistryPublicHost = "public.ecr.aws";

    /// <summary>An ECR-named registry (HTTPS, test CA) over the destination, reached through a CONNECT proxy, with the fake ECR API.</summary>
    private sealed class EcrSetup : IAsyncDisposable
    {
        public required CloudTrust Trust { get; init; }
        public required ConnectProxy Proxy { get; init; }
        public required FakeEcr Ecr { get; init; }
        public required CloudHttpsServer Registry { get; init; }
        public LoopbackProxy? Slow { get; init; }

        public static async Task<EcrSetup> StartAsync(AwsTestKeys keys, RegistryProcess upstream, string host, TimeSpan? latency = null)
        {
            var trust = new CloudTrust();
            var proxy = await ConnectProxy.StartAsync(Ct);
            var ecr = await FakeEcr.StartAsync(keys, Ct);
            LoopbackProxy? slow = null;
            var target = new Uri($"http://{upstream.Host}");
            if (latency is { } delay)
            {
                slow = await LoopbackProxy.StartAsync(target, Ct);
                slow.Latency = delay;
                target = new Uri($"http://{slow.Host}");
            }

            var registry = await CloudHttpsServer.StartAsync(trust, [host], _ => { }, new CloudRegistryBackend(target, ecr.Accepts, "Basic realm=\"ecr\""), Ct);
            proxy.Route(host, registry.Port);
            return new EcrSetup { Trust = trust, Proxy = proxy, Ecr = ecr, Registry = registry, Slow = slow };
        }

        public Dictionary<string, string?> Environment(IDictionary<string, string?> credentials) => AwsChildEnvironment.Of(
            credentials,
            Proxy.Environment(),
            Trust.Environment(),
            [new("AWS_ENDPOINT_URL_ECR", Ecr.Url), new("AWS_ENDPOINT_URL_ECR_PUBLIC", Ecr.Url)]);

        public async ValueTask DisposeAsync()
        {
            await Registry.DisposeAsync();
            if (Slow is not null)
            {
                await Slow.DisposeAsync();
            }

            await Ecr.DisposeAsync();
            await Proxy.DisposeAsync();
            Trust.Dispose();
        }
    }

    private string EcrConfig(string host) => Config(host, $"hosts:\n  - host: {host}\n    provider: ecr\n");

    [Fact]
    public async Task An_ecr_registry_is_reached_through_the_proxy_with_a_signed_authorization_token()
    {
        using var seeder = new RegistrySeeder(_source);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await using var setup = await EcrSetup.StartAsync(_keys, _destination, EcrHost);
        using var cli = new FluxMirrorCli();

        var result = await cli.RunAsync(["sync", cli.WriteConfig(EcrConfig(EcrHost)), "--no-progress"], setup.Environment(AwsTestKeys.StaticEnvironment()));

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        using var check = new RegistrySeeder(_destination);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        var call = Assert.Single(setup.Ecr.Calls);
        Assert.True(call.Signature.Valid, call.Signature.Reason);
        Assert.Equal((AwsTestKeys.Static.AccessKeyId, "us-east-1", "ecr", FakeEcr.PrivateTarget), (call.Signature.AccessKeyId, call.Signature.Region, call.Signature.Service, call.Target));
        Assert.Contains($"{EcrHost}:443", setup.Proxy.Tunnels);
        Assert.DoesNotContain(call.IssuedPassword!, result.CombinedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Short_lived_ecr_tokens_are_renewed_during_a_long_sync()
    {
        using var seeder = new RegistrySeeder(_source);
        foreach (var tag in new[] { "1.0.0", "1.1.0", "1.2.0", "1.3.0" })
        {
            await seeder.PushImageAsync("team/app", tag, ct: Ct);
        }

        await using var setup = await EcrSetup.StartAsync(_keys, _destination, EcrHost, latency: TimeSpan.FromMilliseconds(400));
        setup.Ecr.TokenLifetime = TimeSpan.FromSeconds(3);
        using var cli = new FluxMirrorCli();

        var started = DateTimeOffset.UtcNow;
        var result = await cli.RunAsync(["sync", cli.WriteConfig(EcrConfig(EcrHost)), "--no-progress", "--concurrency", "1"], setup.Environment(AwsTestKeys.StaticEnvironment()));
        var took = DateTimeOffset.UtcNow - started;

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        Assert.True(took > TimeSpan.FromSeconds(3), $"the sync took only {took}");
        Assert.True(setup.Ecr.Calls.Count >= 2, $"{setup.Ecr.Calls.Count} GetAuthorizationToken call(s) in {took}");
        Assert.All(setup.Ecr.IssuedPasswords, p => Assert.DoesNotContain(p, result.CombinedOutput, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_ecr_password_is_renewed_after_the_registrys_401()
    {
        using var seeder = new RegistrySeeder(_source);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await using var setup = await EcrSetup.StartAsync(_keys, _destination, EcrHost);
        setup.Ecr.RevokeFirstPasswordOnUse = true;
        using var cli = new FluxMirrorCli();

        var result = await cli.RunAsync(["sync", cli.WriteConfig(EcrConfig(EcrHost)), "--no-progress"], setup.Environment(AwsTestKeys.StaticEnvironment()));

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        using var check = new RegistrySeeder(_destination);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        Assert.True(setup.Ecr.RefusedRevoked >= 1);
        Assert.Equal(2, setup.Ecr.Calls.Count);
    }

    [Fact]
    public async Task Public_ecr_is_mirrored_from_with_an_ecr_public_token()
    {
        using var seeder = new RegistrySeeder(_source);
        var image = await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await using var setup = await EcrSetup.StartAsync(_keys, _source, EcrRegistryPublicHost);
        using var cli = new FluxMirrorCli();
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{EcrRegistryPublicHost}/team/app", $"{_destination.Host}/mirror/app")) +
            $"hosts:\n  - host: {EcrRegistryPublicHost}\n    provider: ecr\n";

        var result = await cli.RunAsync(["sync", cli.WriteConfig(config), "--no-progress"], setup.Environment(AwsTestKeys.StaticEnvironment()));

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        using var check = new RegistrySeeder(_destination);
        Assert.Equal(image.Digest, await check.ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        var call = Assert.Single(setup.Ecr.Calls);
        Assert.Equal((FakeEcr.PublicTarget, "ecr-public", "us-east-1"), (call.Target, call.Signature.Service, call.Signature.Region));
        Assert.Contains($"{EcrRegistryPublicHost}:443", setup.Proxy.Tunnels);
    }

    [Fact]
    public async Task An_ecr_access_denied_carries_the_aws_error()
    {
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await using var setup = await EcrSetup.StartAsync(_keys, _destination, EcrHost);
        setup.Ecr.FailWith("AccessDeniedException", "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken");
        using var cli = new FluxMirrorCli();

        var result = await cli.RunAsync(["sync", cli.WriteConfig(EcrConfig(EcrHost)), "--no-progress", "--retries", "0"], setup.Environment(AwsTestKeys.StaticEnvironment()), TimeSpan.FromSeconds(90));

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(
            $"get aws registry credentials for \"{Regex.Escape(EcrHost)}\": failed to create artifact registry credentials: operation error ECR: GetAuthorizationToken, " +
            "https response error StatusCode: 400, RequestID: fake-[0-9a-f]{8}, api error AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not authorized",
            result.CombinedOutput);
        AssertOneLineWithoutStackTrace(result, "api error AccessDeniedException");
        Assert.DoesNotContain(AwsTestKeys.Static.SecretAccessKey, result.CombinedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ecr_without_any_aws_credentials_fails_fast_with_the_sdk_chains_reasons()
    {
        using var seeder = new RegistrySeeder(_source);
        await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
        await using var setup = await EcrSetup.StartAsync(_keys, _destination, EcrHost);
        using var cli = new FluxMirrorCli();

        var result = await cli.RunAsync(["sync", cli.WriteConfig(EcrConfig(EcrHost)), "--no-progress", "--retries", "0"], setup.Environment(new Dictionary<string, string?>()), TimeSpan.FromSeconds(90));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"get aws registry credentials for \"{EcrHost}\": failed to get access token for artifact registry: ", result.CombinedOutput, StringComparison.Ordinal);
        AssertOneLineWithoutStackTrace(result, "failed to get access token for artifact registry: ");
        Assert.Empty(setup.Ecr.Calls);
    }

    private static void AssertOneLineWithoutStackTrace(ProcessResult result, string message)
    {
        Assert.DoesNotContain("   at ", result.CombinedOutput, StringComparison.Ordinal);
        var lines = result.CombinedOutput.Split('\n').Where(l => l.Contains(message, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains("✗", l, StringComparison.Ordinal));
    }
}
