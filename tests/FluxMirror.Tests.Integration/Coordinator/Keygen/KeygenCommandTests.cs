using System.Text.Json;
using FluxMirror.TestSupport.Cli;
using FluxMirror.TestSupport.Infrastructure;
using FluxMirror.TestSupport.Tokens;

namespace FluxMirror.Tests.Integration.Coordinator.Keygen;

/// <summary>
/// <c>flux-mirror keygen</c> end to end: the private set signs sync's JWTs through <c>credential.jwkPath</c>, and a
/// registry holding only the public set accepts them; a key pair it was not given is refused.
/// </summary>
[Collection("Sync")]
public sealed class KeygenCommandTests : IAsyncLifetime
{
    private const string Issuer = "https://ci.flux-mirror.test";
    private const string Subject = "keygen-bot";
    private RegistryProcess _source = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _source = await RegistryProcess.StartAsync();

    public async ValueTask DisposeAsync() => await _source.DisposeAsync();

    [Fact]
    public async Task A_generated_private_key_signs_tokens_the_registry_verifies_with_the_generated_public_key()
    {
        using var cli = new FluxMirrorCli();
        var keys = Path.Combine(cli.Home, "keys", "registry");

        var generated = await cli.RunAsync(["keygen", "-o", keys]);

        Assert.Equal(0, generated.ExitCode);
        Assert.Equal($"✔ private key set written to: {keys}/privkey.json\n✔ public key set written to: {keys}/pubkey.json\n", generated.StandardOutput);
        Assert.Empty(generated.StandardError);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(keys, "privkey.json")));
        var publicSet = await File.ReadAllTextAsync(Path.Combine(keys, "pubkey.json"), Ct);
        var kid = KeyId(publicSet);
        await using var destination = await StartDestinationAsync(TestJwk.TrustingPublicSet(publicSet));
        var image = await SeedAsync();

        var result = await SyncAsync(cli, destination, "keys/registry/privkey.json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(image.Digest, await new RegistrySeeder(destination.Backend).ManifestDigestAsync("mirror/app", "1.0.0", Ct));
        Assert.Empty(destination.Refusals);
        Assert.NotEmpty(destination.Tokens);
        Assert.All(destination.Tokens, token => Assert.Equal(kid, HeaderKid(token)));
        Assert.DoesNotContain(PrivateD(await File.ReadAllTextAsync(Path.Combine(keys, "privkey.json"), Ct)), result.CombinedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_signed_by_another_generated_key_are_refused()
    {
        using var cli = new FluxMirrorCli();
        var trusted = Path.Combine(cli.Home, "trusted");
        var other = Path.Combine(cli.Home, "other");
        Assert.Equal(0, (await cli.RunAsync(["keygen", "-o", trusted])).ExitCode);
        Assert.Equal(0, (await cli.RunAsync(["keygen", "--output-dir", other])).ExitCode);
        var trustedSet = await File.ReadAllTextAsync(Path.Combine(trusted, "pubkey.json"), Ct);
        await using var destination = await StartDestinationAsync(TestJwk.TrustingPublicSet(trustedSet));
        await SeedAsync();

        var result = await SyncAsync(cli, destination, "other/privkey.json");

        Assert.Equal(1, result.ExitCode);
        Assert.NotEmpty(destination.Refusals);
        Assert.All(destination.Refusals, reason => Assert.Equal("bad signature", reason));
        Assert.NotEqual(KeyId(trustedSet), KeyId(await File.ReadAllTextAsync(Path.Combine(other, "pubkey.json"), Ct)));
        Assert.DoesNotContain("Unhandled", result.CombinedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_into_the_same_directory_is_refused_and_changes_nothing()
    {
        using var cli = new FluxMirrorCli();
        var keys = Path.Combine(cli.Home, "keys");
        Assert.Equal(0, (await cli.RunAsync(["keygen", "-o", keys])).ExitCode);
        var before = await File.ReadAllTextAsync(Path.Combine(keys, "privkey.json"), Ct);

        var again = await cli.RunAsync(["keygen", "-o", keys]);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"✗ {keys}/pubkey.json already exists, refusing to overwrite\n", again.StandardError);
        Assert.Empty(again.StandardOutput);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(keys, "privkey.json"), Ct));
    }

    [Fact]
    public async Task An_output_directory_under_a_file_is_one_line_naming_the_file()
    {
        using var cli = new FluxMirrorCli();
        var file = Path.Combine(cli.Home, "not-a-dir");
        await File.WriteAllTextAsync(file, "", Ct);

        var result = await cli.RunAsync(["keygen", "-o", Path.Combine(file, "keys")]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"✗ create output directory: mkdir {file}: not a directory\n", result.StandardError);
        Assert.Empty(result.StandardOutput);
    }

    private static async Task<BearerCheckingRegistry> StartDestinationAsync(TestJwk trusted)
    {
        string host = null!;
        var destination = await BearerCheckingRegistry.StartAsync(token => trusted.Rejection(token, Issuer, Subject, host, DateTimeOffset.UtcNow), Ct);
        host = destination.Host;
        return destination;
    }

    private async Task<SeededImage> SeedAsync()
    {
        using var seeder = new RegistrySeeder(_source);
        return await seeder.PushImageAsync("team/app", "1.0.0", ct: Ct);
    }

    private Task<ProcessResult> SyncAsync(FluxMirrorCli cli, BearerCheckingRegistry destination, string jwkPath)
    {
        var yaml = SyncConfigs.Config(SyncConfigs.Artifact($"{_source.Host}/team/app", $"{destination.Host}/mirror/app"))
            + $"hosts:\n  - host: {destination.Host}\n    credential:\n      jwkPath: {jwkPath}\n      iss: {Issuer}\n      sub: {Subject}\n";
        return cli.RunAsync(["sync", cli.WriteConfig(yaml), "--no-progress", "--retries", "0"], CiEnvironment.With());
    }

    private static string KeyId(string set)
    {
        using var document = JsonDocument.Parse(set);
        return document.RootElement.GetProperty("keys")[0].GetProperty("kid").GetString()!;
    }

    private static string PrivateD(string set)
    {
        using var document = JsonDocument.Parse(set);
        return document.RootElement.GetProperty("keys")[0].GetProperty("d").GetString()!;
    }

    private static string? HeaderKid(string jwt)
    {
        using var header = TestJwts.Header(jwt);
        return header.RootElement.GetProperty("kid").GetString();
    }
}
