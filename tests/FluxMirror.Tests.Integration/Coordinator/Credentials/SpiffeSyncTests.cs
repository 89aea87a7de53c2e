using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Spiffe;
using Grpc.Core;

namespace FluxMirror.Tests.Integration.Coordinator.Credentials;

/// <summary>
/// SPIFFE end to end through the CLI: a fake Workload API on a unix socket (SPIFFE_ENDPOINT_SOCKET), a registry
/// front on 127.0.0.1 that speaks SPIFFE mTLS or wants a JWT-SVID, a real docker-registry behind it.
/// </summary>
// Own collection: much of it waits on token lifetimes, which overlaps the Sync collection instead of lengthening it.
[Collection("Credentials")]
public sealed class SpiffeSyncTests : IAsyncLifetime
{
    private static readonly string Mirror = SvidAuthority.Id("mirror");
    private static readonly string RegistryId = SvidAuthority.Id("registry");
    private readonly SvidAuthority _authority = new();
    private RegistryProcess _source = null!;
    private RegistryProcess _target = null!;
    private FakeWorkloadApi _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _source = await RegistryProcess.StartAsync();
        _target = await RegistryProcess.StartAsync();
        _api = await FakeWorkloadApi.StartAsync(_authority, Mirror, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _source.DisposeAsync();
        await _target.DisposeAsync();
        _authority.Dispose();
    }

    [Theory]
    [InlineData("serverID: spiffe://example.org/registry")]
    [InlineData("trustDomain: self")]
    public async Task Mutual_spiffe_tls_syncs_and_presents_the_workload_svid(string authorize)
    {
        await using var front = await MutualFrontAsync();
        var image = await SeedAsync("1.0.0");

        var result = await SyncAsync(front, SpiffeTls(front.Host, authorize), _api.Address);

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        Assert.Equal(image, await DigestAtTargetAsync("1.0.0"));
        Assert.NotEmpty(front.ClientSerials);
        Assert.All(front.ClientSerials, s => Assert.Equal(_api.Current.SerialNumber, s));
        Assert.All(_api.Calls, c => Assert.True(c.Admitted));
    }

    [Fact]
    public async Task A_rotated_svid_is_presented_by_the_next_connections()
    {
        await using var front = await MutualFrontAsync();
        front.CloseConnections = true;
        front.Latency = TimeSpan.FromMilliseconds(150);
        foreach (var tag in new[] { "1.0.0", "1.1.0", "1.2.0" })
        {
            await SeedAsync(tag);
        }

        var first = _api.Current.SerialNumber;
        var sync = SyncAsync(front, SpiffeTls(front.Host, "serverID: spiffe://example.org/registry"), _api.Address, "--concurrency", "1");
        await front.FirstHandshake.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        var rotated = _api.Rotate().SerialNumber;
        var result = await sync;

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        Assert.Contains(first, front.ClientSerials);
        Assert.Contains(rotated, front.ClientSerials);
        Assert.Equal(rotated, front.ClientSerials[^1]);
        Assert.NotNull(await DigestAtTargetAsync("1.2.0"));
    }

    [Fact]
    public async Task A_server_with_another_spiffe_id_is_refused_with_the_reason()
    {
        await using var front = await MutualFrontAsync();
        await SeedAsync("1.0.0");

        var result = await SyncAsync(front, SpiffeTls(front.Host, "serverID: spiffe://example.org/other-registry"), _api.Address, "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("tls: unexpected ID \"spiffe://example.org/registry\"", result.CombinedOutput);
        Assert.DoesNotContain("   at ", result.CombinedOutput);

        // .NET checks the server after the handshake, so the SVID may have been shown to it; no request went through.
        Assert.DoesNotContain(await _target.RequestsAsync(Ct), r => r.Path.StartsWith("/v2/mirror", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_spiffe_endpoint_socket_the_run_fails_at_startup()
    {
        await using var front = await MutualFrontAsync();
        await SeedAsync("1.0.0");

        var result = await SyncAsync(front, SpiffeTls(front.Host, "authorizeAny: true"), socket: null);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"✗ host \"{front.Host}\": tls: spiffe: create X.509 source: workload endpoint socket address is not configured", result.StandardError);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith('✗'));
    }

    [Fact]
    public async Task An_absent_socket_fails_after_the_bounded_wait_for_the_first_svid()
    {
        await using var front = await MutualFrontAsync();
        await SeedAsync("1.0.0");
        var missing = "unix://" + Path.Combine(Path.GetTempPath(), "fluxmirror-no-such-dir-" + Guid.NewGuid().ToString("N"), "agent.sock");

        var result = await SyncAsync(front, SpiffeTls(front.Host, "trustDomain: example.org"), missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"✗ host \"{front.Host}\": tls: spiffe: create X.509 source: no X.509-SVID within 10s: rpc error: code = Unavailable", result.StandardError);
        Assert.DoesNotContain("   at ", result.CombinedOutput);
    }

    [Fact]
    public async Task Jwt_svid_is_sent_as_the_bearer_token_for_the_host_audience()
    {
        await using var front = await BearerFrontAsync();
        var image = await SeedAsync("1.0.0");

        var result = await SyncAsync(front, JwtSvid(front.Host), _api.Address);

        Assert.True(result.ExitCode == 0, result.CombinedOutput);
        Assert.Equal(image, await DigestAtTargetAsync("1.0.0"));
        Assert.Contains(front.Host, _api.JwtAudiences);
        Assert.Empty(front.Refusals);
        Assert.NotEmpty(_api.IssuedJwts);
        Assert.All(_api.IssuedJwts, jwt => Assert.DoesNotContain(jwt, result.CombinedOutput));
    }

    [Fact]
    public async Task A_jwt_svid_fetch_error_fails_the_host_with_the_reference_message()
    {
        await using var front = await BearerFrontAsync();
        await SeedAsync("1.0.0");
        _api.JwtFailure = new Status(StatusCode.PermissionDenied, "no identity issued");

        var result = await SyncAsync(front, JwtSvid(front.Host), _api.Address, "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"failed to obtain CI JWT for host \"{front.Host}\": fetch JWT-SVID: rpc error: code = PermissionDenied desc = no identity issued", result.CombinedOutput);
        Assert.DoesNotContain("   at ", result.CombinedOutput);
    }

    [Fact]
    public async Task Jwt_svid_without_spiffe_endpoint_socket_names_the_missing_source()
    {
        await using var front = await BearerFrontAsync();
        await SeedAsync("1.0.0");

        var result = await SyncAsync(front, JwtSvid(front.Host), socket: null, "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"failed to obtain CI JWT for host \"{front.Host}\": create SPIFFE JWT source: workload endpoint socket address is not configured", result.CombinedOutput);
    }

    private static string SpiffeTls(string host, string authorize) =>
        $"hosts:\n  - host: {host}\n    tls:\n      clientAuth:\n        provider: x509-svid\n      serverAuth:\n        spiffe:\n          {authorize}\n";

    private static string JwtSvid(string host) => $"hosts:\n  - host: {host}\n    credential:\n      provider: jwt-svid\n";

    private Task<SpiffeRegistryFront> MutualFrontAsync() =>
        SpiffeRegistryFront.StartMutualTlsAsync(new Uri($"http://{_target.Host}"), _authority.Issue(RegistryId), _authority.Bundle, Mirror, Ct);

    private async Task<SpiffeRegistryFront> BearerFrontAsync()
    {
        // The audience is the host, known once the front listens.
        SpiffeRegistryFront? front = null;
        front = await SpiffeRegistryFront.StartBearerAsync(
            new Uri($"http://{_target.Host}"),
            token => token is null ? "no bearer token" : _api.Jwt.Reject(token, front!.Host),
            Ct);
        return front;
    }

    private async Task<string> SeedAsync(string tag)
    {
        using var seeder = new RegistrySeeder(_source);
        return (await seeder.PushImageAsync("team/app", tag, ct: Ct)).Digest;
    }

    private async Task<string?> DigestAtTargetAsync(string tag)
    {
        using var check = new RegistrySeeder(_target);
        return await check.ManifestDigestAsync("mirror/app", tag, Ct);
    }

    private async Task<ProcessResult> SyncAsync(SpiffeRegistryFront front, string hosts, string? socket, params string[] flags)
    {
        using var cli = new FluxMirrorCli();
        var config = SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{front.Host}/mirror/app")) + hosts;
        var env = new Dictionary<string, string?>
        {
            ["SPIFFE_ENDPOINT_SOCKET"] = socket,
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = null,
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_REGION"] = null,
            ["AZURE_CLIENT_ID"] = null,
            ["GOOGLE_APPLICATION_CREDENTIALS"] = null,
        };
        return await cli.RunAsync(["sync", cli.WriteConfig(config), "--no-progress", .. flags], env);
    }
}
