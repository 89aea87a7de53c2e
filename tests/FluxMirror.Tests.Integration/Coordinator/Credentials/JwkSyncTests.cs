using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Integration.Coordinator.Credentials;

/// <summary>
/// <c>credential.jwkPath</c>/<c>jwkValue</c> through the CLI: self-signed JWTs presented as Bearer to a registry that
/// verifies them with the public key and checks iss, sub, aud, exp and nbf; broken keys fail the config up front.
/// </summary>
// Own collection: much of it waits on token lifetimes, which overlaps the Sync collection instead of lengthening it.
[Collection("Credentials")]
public sealed class JwkSyncTests : IAsyncLifetime
{
    private const string Issuer = "https://ci.flux-mirror.test";
    private const string Subject = "mirror-bot";
    private RegistryProcess _source = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _source = await RegistryProcess.StartAsync();

    public async ValueTask DisposeAsync() => await _source.DisposeAsync();

    [Fact]
    public async Task An_ed25519_key_file_signs_a_fresh_eddsa_token_per_request()
    {
        var jwk = TestJwk.Ed25519(kid: "0190b6b4-keygen");
        await using var destination = await StartDestinationAsync(jwk);
        var image = await SeedAsync();
        using var cli = new FluxMirrorCli();
        Directory.CreateDirectory(Path.Combine(cli.Home, "keys"));
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "keys", "privkey.json"), jwk.PrivateSetJson, Ct);

        var result = await SyncAsync(cli, destination, "      jwkPath: keys/privkey.json\n", []);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(image.Digest, await new RegistrySeeder(destination.Backend).ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        Assert.Empty(destination.Refusals);
        Assert.True(destination.Tokens.Count >= 2);
        Assert.Equal(destination.Tokens.Count, destination.Tokens.Distinct().Count());
        AssertNoSecrets(result, destination.Tokens.Append(Secret(jwk)));
    }

    [Fact]
    public async Task An_inline_p256_key_with_a_custom_exp_signs_es256_tokens_reused_across_requests()
    {
        var jwk = TestJwk.Ec("P-256");
        await using var destination = await StartDestinationAsync(jwk);
        var image = await SeedAsync();
        using var cli = new FluxMirrorCli();

        var result = await SyncAsync(cli, destination, "      jwkValue: '${MIRROR_JWK}'\n      exp: 10m\n", new() { ["MIRROR_JWK"] = jwk.PrivateJson });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(image.Digest, await new RegistrySeeder(destination.Backend).ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        Assert.Empty(destination.Refusals);
        Assert.Single(destination.Tokens.Distinct());
        AssertNoSecrets(result, destination.Tokens.Append(Secret(jwk)));
    }

    [Fact]
    public async Task Keys_that_cannot_sign_fail_the_config_before_any_request()
    {
        var two = $"{{\"keys\":[{TestJwk.Ed25519().PrivateJson},{TestJwk.Ec().PrivateJson}]}}";
        var rsa = TestJwk.RsaPrivateJson();
        var cases = new (string Jwk, string Expected)[]
        {
            (rsa, "unsupported JWK key type *rsa.PrivateKey: want an Ed25519 or ECDSA (P-256/P-384/P-521) private key"),
            (two, "JWK set must contain exactly one key, got 2"),
            ("{\"kty\": \"EC\", \"crv\": \"P-256\", \"d\": \"c2VjcmV0LWQ\"", "parse JWK: invalid JSON at line 1, byte 49"),
            (TestJwk.Ec().PublicJson, "unsupported JWK key type *ecdsa.PublicKey: want an Ed25519 or ECDSA (P-256/P-384/P-521) private key"),
        };
        await using var destination = await StartDestinationAsync(TestJwk.Ed25519());
        await SeedAsync();

        foreach (var (jwk, expected) in cases)
        {
            using var cli = new FluxMirrorCli();
            var result = await SyncAsync(cli, destination, "      jwkValue: '${MIRROR_JWK}'\n", new() { ["MIRROR_JWK"] = jwk });

            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"✗ hosts[0]: credential: {expected}", Assert.Single(result.CombinedOutput.Split('\n'), line => line.StartsWith('✗')).TrimEnd());
            Assert.DoesNotContain("c2VjcmV0LWQ", result.CombinedOutput, StringComparison.Ordinal);
        }

        Assert.Empty(destination.Tokens);
        Assert.Empty(destination.Refusals);
    }

    [Fact]
    public async Task A_missing_key_file_fails_the_config()
    {
        await using var destination = await StartDestinationAsync(TestJwk.Ed25519());
        using var cli = new FluxMirrorCli();

        var result = await SyncAsync(cli, destination, "      jwkPath: keys/absent.json\n", []);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"✗ hosts[0]: credential: read jwkPath: open {Path.Combine(cli.Home, "keys", "absent.json")}: no such file or directory",
            Assert.Single(result.CombinedOutput.Split('\n'), line => line.StartsWith('✗')).TrimEnd());
    }

    private static async Task<BearerCheckingRegistry> StartDestinationAsync(TestJwk jwk)
    {
        string host = null!;
        var destination = await BearerCheckingRegistry.StartAsync(token => jwk.Rejection(token, Issuer, Subject, host, DateTimeOffset.UtcNow), Ct);
        host = destination.Host;
        return destination;
    }

    private async Task<SeededImage> SeedAsync()
    {
        using var seeder = new RegistrySeeder(_source);
        return await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
    }

    private Task<ProcessResult> SyncAsync(FluxMirrorCli cli, BearerCheckingRegistry destination, string source, Dictionary<string, string?> env)
    {
        var yaml = SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{destination.Host}/mirror/app"))
            + $"hosts:\n  - host: {destination.Host}\n    credential:\n{source}      iss: {Issuer}\n      sub: {Subject}\n";
        return cli.RunAsync(["sync", cli.WriteConfig(yaml), "--no-progress", "--retries", "0"], CiEnvironment.With(env));
    }

    private static string Secret(TestJwk jwk) => jwk.PrivateJson.Split("\"d\":\"")[1].Split('"')[0];

    private static void AssertNoSecrets(ProcessResult result, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, result.CombinedOutput, StringComparison.Ordinal);
        }
    }
}
