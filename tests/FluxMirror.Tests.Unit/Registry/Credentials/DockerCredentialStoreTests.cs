using System.Text.Json.Nodes;
using FluxMirror.Registry.Credentials;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Registry.Credentials;

/// <summary>Which store login writes to (credHelpers, credsStore, detected platform helper, file) and how a helper is driven.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and shell-script helpers
public sealed class DockerCredentialStoreTests : IDisposable
{
    private const string Secret = "helper-secret-Zq81";
    private readonly string _dir = TempDirectory.Create("docker-store");
    private readonly string _bin = TempDirectory.Create("docker-store-bin");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConfigFile => Path.Combine(_dir, "config.json");

    public void Dispose()
    {
        TempDirectory.TryDelete(_dir);
        TempDirectory.TryDelete(_bin);
    }

    [Fact]
    public async Task A_per_host_helper_wins_over_the_store()
    {
        using var perHost = new RecordingCredentialHelper("perhost", directory: _bin);
        using var global = new RecordingCredentialHelper("global", directory: _bin);
        File.WriteAllText(ConfigFile, """{"credHelpers":{"r.example":"perhost"},"credsStore":"global"}""");

        var outcome = await Store(plaintext: false, "r.example");

        Assert.Equal("perhost", outcome.Helper);
        Assert.Contains(Secret, Assert.Single(perHost.StoredEntries()), StringComparison.Ordinal);
        Assert.Empty(global.StoredEntries());
    }

    [Fact]
    public async Task The_creds_store_gets_the_secret_and_the_file_an_empty_entry()
    {
        using var helper = new RecordingCredentialHelper("global", directory: _bin);
        File.WriteAllText(ConfigFile, """{"credsStore":"global"}""");

        var outcome = await Store(plaintext: false, "r.example:5000");

        Assert.Equal(("global", ConfigFile), (outcome.Helper, outcome.ConfigFile));
        var stored = JsonNode.Parse(Assert.Single(helper.StoredEntries()))!;
        Assert.Equal(("r.example:5000", "bot", Secret), ((string?)stored["ServerURL"], (string?)stored["Username"], (string?)stored["Secret"]));
        Assert.Empty(Root()["auths"]!["r.example:5000"]!.AsObject());
        Assert.DoesNotContain(Secret, File.ReadAllText(ConfigFile), StringComparison.Ordinal);
        var keychain = new DockerConfigKeychain(_dir, _bin);
        Assert.Equal(RegistryCredential.Basic("bot", Secret), await keychain.ResolveAsync("r.example:5000", Ct));
    }

    [Fact]
    public async Task A_fresh_config_detects_secretservice_and_persists_it()
    {
        using var helper = new RecordingCredentialHelper("secretservice", directory: _bin);

        var outcome = await Store(plaintext: false, "docker.io");

        Assert.Equal("secretservice", outcome.Helper);
        Assert.Equal("secretservice", (string?)Root()["credsStore"]);
        Assert.Equal(DockerConfigFile.DockerHubServerKey, (string?)JsonNode.Parse(Assert.Single(helper.StoredEntries()))!["ServerURL"]);
    }

    [Fact]
    public async Task Detection_prefers_pass_when_the_pass_program_is_installed()
    {
        using var secretService = new RecordingCredentialHelper("secretservice", directory: _bin);
        using var pass = new RecordingCredentialHelper("pass", directory: _bin);
        pass.AddProgram("pass");

        var outcome = await Store(plaintext: false, "r.example");

        Assert.Equal("pass", outcome.Helper);
        Assert.Single(pass.StoredEntries());
    }

    [Fact]
    public async Task No_helper_is_detected_for_a_config_that_already_has_auths()
    {
        using var helper = new RecordingCredentialHelper("secretservice", directory: _bin);
        File.WriteAllText(ConfigFile, """{"auths":{"other.example":{"auth":"eDp5"}}}""");

        var outcome = await Store(plaintext: false, "r.example");

        Assert.Null(outcome.Helper);
        Assert.Null(Root()["credsStore"]);
        Assert.Empty(helper.StoredEntries());
    }

    [Fact]
    public async Task Without_any_helper_the_credential_goes_to_the_file()
    {
        var outcome = await Store(plaintext: false, "r.example");

        Assert.Null(outcome.Helper);
        Assert.Null(Root()["credsStore"]);
        Assert.Equal(Secret, (string?)Root()["auths"]!["r.example"]!["password"]);
    }

    [Fact]
    public async Task Plaintext_bypasses_configured_and_detectable_helpers()
    {
        using var helper = new RecordingCredentialHelper("secretservice", directory: _bin);
        File.WriteAllText(ConfigFile, """{"credHelpers":{"r.example":"secretservice"}}""");

        var outcome = await Store(plaintext: true, "r.example");

        Assert.Null(outcome.Helper);
        Assert.Empty(helper.StoredEntries());
        Assert.Equal(Secret, (string?)Root()["auths"]!["r.example"]!["password"]);
    }

    [Fact]
    public async Task A_registry_token_never_goes_to_a_helper()
    {
        using var helper = new RecordingCredentialHelper("global", directory: _bin);
        File.WriteAllText(ConfigFile, """{"credsStore":"global"}""");
        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext: false, Ct, _bin);

        var outcome = await store.StoreRegistryTokenAsync("r.example", "bearer-token", Ct);

        Assert.Null(outcome.Helper);
        Assert.Empty(helper.StoredEntries());
        Assert.Equal("bearer-token", (string?)Root()["auths"]!["r.example"]!["registrytoken"]);
    }

    [Fact]
    public async Task A_failing_helper_is_an_error_with_its_output_but_never_the_secret()
    {
        using var helper = new RecordingCredentialHelper("broken", failWith: $"keychain locked, got {Secret}", directory: _bin);
        File.WriteAllText(ConfigFile, """{"credsStore":"broken"}""");

        var error = await Assert.ThrowsAsync<CredentialException>(() => Store(plaintext: false, "r.example"));

        Assert.Equal("docker-credential-broken store: exit code 1: keychain locked, got ***", error.Message);
        Assert.Equal("""{"credsStore":"broken"}""", File.ReadAllText(ConfigFile));
    }

    [Fact]
    public async Task A_missing_helper_is_an_error_naming_it()
    {
        File.WriteAllText(ConfigFile, """{"credsStore":"absent"}""");

        var error = await Assert.ThrowsAsync<CredentialException>(() => Store(plaintext: false, "r.example"));

        Assert.StartsWith("docker-credential-absent: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_store_kills_the_helper_and_writes_nothing()
    {
        var hang = Path.Combine(_bin, "docker-credential-hang");
        File.WriteAllText(hang, "#!/bin/sh\nexec sleep 30\n");
        File.SetUnixFileMode(hang, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(ConfigFile, """{"credsStore":"hang"}""");
        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext: false, Ct, _bin);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.StoreBasicAsync("r.example", "bot", Secret, cancel.Token));

        Assert.Equal("""{"credsStore":"hang"}""", File.ReadAllText(ConfigFile));
    }

    private async Task<DockerStoreOutcome> Store(bool plaintext, string host)
    {
        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext, Ct, _bin);
        return await store.StoreBasicAsync(host, "bot", Secret, Ct);
    }

    private JsonNode Root() => JsonNode.Parse(File.ReadAllText(ConfigFile))!;
}
