using FluxMirror.Domain.Config;
using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Tests.Unit.Domain.Config;

public sealed class PathResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("flux-mirror-paths-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Under(params string[] parts) => Path.Combine([_root, .. parts]);

    [Theory]
    [InlineData("token", "token")]
    [InlineData("./keys/jwk.json", "keys/jwk.json")]
    [InlineData("/abs/keys/jwk.json", "abs/keys/jwk.json")]
    [InlineData("../../etc/shadow", "etc/shadow")]
    [InlineData("a/../../b/./c", "b/c")]
    [InlineData("/", "")]
    public void Joins_inside_the_root(string unsafePath, string expectedRelative)
    {
        var expected = expectedRelative.Length == 0 ? _root : Under(expectedRelative.Split('/'));
        Assert.Equal(expected, SecureJoin.Join(_root, unsafePath));
    }

    [Fact]
    public void Symlink_escaping_the_root_stays_inside()
    {
        Directory.CreateDirectory(Under("keys"));
        File.CreateSymbolicLink(Under("keys", "escape"), "/etc");
        Assert.Equal(Under("etc", "passwd"), SecureJoin.Join(_root, "keys/escape/passwd"));
    }

    [Fact]
    public void Relative_symlink_climbing_out_is_clamped()
    {
        Directory.CreateDirectory(Under("a", "b"));
        File.CreateSymbolicLink(Under("a", "b", "up"), "../../../../outside");
        Assert.Equal(Under("outside", "x"), SecureJoin.Join(_root, "a/b/up/x"));
    }

    [Fact]
    public void Symlink_inside_the_root_is_followed()
    {
        Directory.CreateDirectory(Under("real"));
        File.CreateSymbolicLink(Under("link"), "real");
        Assert.Equal(Under("real", "key.json"), SecureJoin.Join(_root, "link/key.json"));
    }

    [Fact]
    public void Symlink_loop_is_an_error_with_host_context()
    {
        File.CreateSymbolicLink(Under("loop"), "loop");
        File.WriteAllText(Under("mirror.yaml"), ConfigText.Header + ConfigText.Artifact + "hosts: [{host: h.example, credential: {fromPath: loop/token}}]\n");
        var message = ConfigText.ErrorOf(() => ConfigLoader.Load(ConfigSource.FromFile(Under("mirror.yaml")), ConfigText.NoEnv));
        Assert.StartsWith("hosts[0] \"h.example\": resolve path: SecureJoin ", message);
        Assert.EndsWith("too many levels of symbolic links", message);
    }

    [Fact]
    public void Loader_confines_every_path_field_to_the_config_directory()
    {
        File.WriteAllText(Under("mirror.yaml"), ConfigText.Header + ConfigText.Artifact + """
            hosts:
              - host: a.example
                credential: {jwkPath: /keys/priv.json, iss: i, sub: s}
                tls:
                  serverAuth: {fromPath: ../ca.crt}
                  clientAuth: {certificate: {fromPath: c.crt}, key: {fromPath: /../c.key}}
              - host: b.example
                credential: {fromPath: ../../run/token}
              - host: c.example
                credential: {value: inline}
            """);
        var config = ConfigLoader.Load(ConfigSource.FromFile(Under("mirror.yaml")), ConfigText.NoEnv);

        Assert.Equal(_root, config.BaseDirectory);
        Assert.Equal(Under("keys", "priv.json"), config.Hosts[0].Credential!.JwkPath);
        Assert.Equal(Under("ca.crt"), config.Hosts[0].Tls!.ServerAuth!.FromPath);
        Assert.Equal(Under("c.crt"), config.Hosts[0].Tls!.ClientAuth!.Certificate!.FromPath);
        Assert.Equal(Under("c.key"), config.Hosts[0].Tls!.ClientAuth!.Key!.FromPath);
        Assert.Equal(Under("run", "token"), config.Hosts[1].Credential!.FromPath);
        Assert.Null(config.Hosts[2].Credential!.FromPath);
        Assert.Equal("inline", config.Hosts[2].Credential!.Value);
    }

    [Fact]
    public void Relative_config_path_uses_its_absolute_directory()
    {
        File.WriteAllText(Under("mirror.yaml"), ConfigText.Header + ConfigText.Artifact + "hosts: [{host: h.example, credential: {fromPath: t}}]\n");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Under("mirror.yaml"));
        var config = ConfigLoader.Load(ConfigSource.FromFile(relative), ConfigText.NoEnv);
        Assert.Equal(Under("t"), config.Hosts[0].Credential!.FromPath);
    }

    [Fact]
    public void Stdin_uses_the_working_directory()
    {
        var cwd = Directory.GetCurrentDirectory();
        var config = ConfigText.Load(ConfigText.Header + ConfigText.Artifact + "hosts: [{host: h.example, credential: {fromPath: /token}}]\n");
        Assert.Equal(cwd, config.BaseDirectory);
        Assert.Equal(SecureJoin.Join(cwd, "token"), config.Hosts[0].Credential!.FromPath);
    }
}
