using System.Text.Json.Nodes;
using FluxMirror.Registry.Credentials;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Unit.Registry.Credentials;

/// <summary>The config.json writer behind login: what it keeps, how it writes, what it refuses.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and shell-script helpers
public sealed class DockerConfigDocumentTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("docker-writer");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConfigFile => Path.Combine(_dir, "config.json");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public async Task Unknown_keys_and_other_auths_survive_a_store()
    {
        File.WriteAllText(ConfigFile, """
            {"auths":{"other.example":{"auth":"b3RoZXI6cGFzcw==","email":"x@example.com"}},
             "proxies":{"default":{"httpProxy":"http://proxy:3128"}},"psFormat":"table {{.ID}}","currentContext":"ctx",
             "plugins":{"buildx":{"k":[1,2,{"deep":true}]}}}
            """);

        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext: true, Ct);
        await store.StoreBasicAsync("registry.example:5000", "bot", "pw", Ct);

        var root = Root();
        Assert.Equal("b3RoZXI6cGFzcw==", (string?)root["auths"]!["other.example"]!["auth"]);
        Assert.Equal("x@example.com", (string?)root["auths"]!["other.example"]!["email"]);
        Assert.Equal("http://proxy:3128", (string?)root["proxies"]!["default"]!["httpProxy"]);
        Assert.Equal("table {{.ID}}", (string?)root["psFormat"]);
        Assert.Equal("ctx", (string?)root["currentContext"]);
        Assert.True((bool)root["plugins"]!["buildx"]!["k"]![2]!["deep"]!);
        var entry = root["auths"]!["registry.example:5000"]!.AsObject();
        Assert.Equal(("bot", "pw", "Ym90OnB3"), ((string?)entry["username"], (string?)entry["password"], (string?)entry["auth"]));
    }

    [Fact]
    public async Task A_new_entry_replaces_a_stale_one_whole()
    {
        File.WriteAllText(ConfigFile, """{"auths":{"r.example":{"identitytoken":"old-refresh","registrytoken":"old-bearer"}}}""");

        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext: true, Ct);
        await store.StoreBasicAsync("r.example", "bot", "pw", Ct);

        var entry = Root()["auths"]!["r.example"]!.AsObject();
        Assert.Equal(["username", "password", "auth"], entry.Select(p => p.Key));
    }

    [Fact]
    public async Task The_existing_file_mode_is_kept()
    {
        File.WriteAllText(ConfigFile, "{}");
        File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext: true, Ct);
        await store.StoreBasicAsync("r.example", "bot", "pw", Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(ConfigFile));
    }

    [Fact]
    public async Task A_missing_directory_is_created_0700_and_the_file_0600()
    {
        var nested = Path.Combine(_dir, "fresh", ".docker");

        var store = await DockerCredentialStore.OpenAsync(nested, plaintext: true, Ct);
        var outcome = await store.StoreRegistryTokenAsync("r.example", "bearer-token", Ct);

        Assert.Equal(Path.Combine(nested, "config.json"), outcome.ConfigFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(nested));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(outcome.ConfigFile));
    }

    [Fact]
    public async Task The_write_leaves_no_temp_file_behind()
    {
        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext: true, Ct);
        await store.StoreBasicAsync("a.example", "bot", "pw", Ct);
        await store.StoreRegistryTokenAsync("b.example", "bearer-token", Ct);

        Assert.Equal(["config.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Equal(["a.example", "b.example"], Root()["auths"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task A_symlinked_config_is_written_through_the_link()
    {
        var target = Path.Combine(_dir, "real-config.json");
        File.WriteAllText(target, """{"psFormat":"x"}""");
        File.CreateSymbolicLink(ConfigFile, target);

        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext: true, Ct);
        await store.StoreBasicAsync("r.example", "bot", "pw", Ct);

        Assert.NotNull(new FileInfo(ConfigFile).LinkTarget);
        Assert.Equal("x", (string?)Root()["psFormat"]);
        Assert.NotNull(Root()["auths"]!["r.example"]);
    }

    [Theory]
    [InlineData("{\"auths\": {")]
    [InlineData("[1, 2]")]
    [InlineData("{\"auths\": [\"r.example\"]}")]
    public async Task A_malformed_config_is_refused_and_left_untouched(string text)
    {
        File.WriteAllText(ConfigFile, text);

        var error = await Assert.ThrowsAsync<CredentialException>(() => DockerCredentialStore.OpenAsync(_dir, plaintext: true, Ct));

        Assert.StartsWith($"parse docker config \"{ConfigFile}\": ", error.Message, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(ConfigFile));
        Assert.Equal(["config.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("docker.io")]
    [InlineData("index.docker.io")]
    [InlineData("registry-1.docker.io")]
    public async Task Docker_hub_is_stored_under_the_key_docker_login_uses(string host)
    {
        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext: true, Ct);

        await store.StoreBasicAsync(host, "hubuser", "hub-token", Ct);

        Assert.Equal([DockerConfigFile.DockerHubServerKey], Root()["auths"]!.AsObject().Select(p => p.Key));
        var keychain = new DockerConfigKeychain(_dir, null);
        Assert.Equal(RegistryCredential.Basic("hubuser", "hub-token"), await keychain.ResolveAsync("index.docker.io", Ct));
    }

    [Fact]
    public async Task Sync_keychain_reads_back_what_was_written()
    {
        var store = await DockerCredentialStore.OpenAsync(_dir, plaintext: true, Ct);
        await store.StoreBasicAsync("basic.example:5000", "bot", "p:w", Ct);
        await store.StoreRegistryTokenAsync("bearer.example", "bearer-token", Ct);

        var keychain = new DockerConfigKeychain(_dir, null);

        Assert.Equal(RegistryCredential.Basic("bot", "p:w"), await keychain.ResolveAsync("basic.example:5000", Ct));
        Assert.True((await keychain.ResolveAsync("bearer.example", Ct)).IsStampedBearer);
    }

    private JsonNode Root() => JsonNode.Parse(File.ReadAllText(ConfigFile))!;
}
