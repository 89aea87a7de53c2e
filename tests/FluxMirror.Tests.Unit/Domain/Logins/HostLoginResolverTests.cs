using FluxMirror.Domain.Config;
using FluxMirror.Domain.Logins;

namespace FluxMirror.Tests.Unit.Domain.Logins;

public sealed class HostLoginResolverTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("login-resolver-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_credential_without_username_is_a_registry_token()
    {
        var login = await HostLoginResolver.ResolveAsync(new HostEntry("r.example", Credential: new CredentialSpec(Value: "tok-1")), TestContext.Current.CancellationToken);

        Assert.NotNull(login);
        Assert.True(login.IsRegistryToken);
        Assert.Equal("tok-1", login.RegistryToken);
        Assert.Null(login.Auth);
        Assert.DoesNotContain("tok-1", login.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_with_username_is_the_password_of_a_pair()
    {
        var login = await HostLoginResolver.ResolveAsync(new HostEntry("r.example:5000", "ci", new CredentialSpec(Value: "s3cret")), TestContext.Current.CancellationToken);

        Assert.NotNull(login);
        Assert.False(login.IsRegistryToken);
        Assert.Equal(("ci", "s3cret"), (login.Username, login.Password));
        Assert.Equal(Convert.ToBase64String("ci:s3cret"u8.ToArray()), login.Auth);
        Assert.DoesNotContain("s3cret", login.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tls_only_host_has_nothing_to_store()
    {
        var login = await HostLoginResolver.ResolveAsync(new HostEntry("r.example", Tls: new TlsSpec()), TestContext.Current.CancellationToken);

        Assert.Null(login);
    }

    [Fact]
    public async Task A_fromPath_token_is_read_once_and_trimmed()
    {
        var path = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(path, "  file-token\n", TestContext.Current.CancellationToken);

        var login = await HostLoginResolver.ResolveAsync(new HostEntry("r.example", Credential: new CredentialSpec(FromPath: path)), TestContext.Current.CancellationToken);

        Assert.Equal("file-token", login!.RegistryToken);
    }

    [Fact]
    public async Task A_missing_fromPath_file_names_the_host_and_the_path()
    {
        var path = Path.Combine(_dir, "absent");

        var error = await Assert.ThrowsAsync<LoginException>(() => HostLoginResolver.ResolveAsync(new HostEntry("r.example", Credential: new CredentialSpec(FromPath: path)), TestContext.Current.CancellationToken));

        Assert.Equal($"host \"r.example\": read fromPath: open {path}: no such file or directory", error.Message);
    }

    [Fact]
    public void Selection_defaults_to_every_host_and_refuses_an_unknown_one()
    {
        var config = Config(new HostEntry("a.example"), new HostEntry("b.example:5000"));

        Assert.Equal(["a.example", "b.example:5000"], HostSelection.Select(config, []).Select(h => h.Host));
        Assert.Equal(["b.example:5000"], HostSelection.Select(config, ["b.example:5000", "b.example:5000"]).Select(h => h.Host));
        Assert.Equal("host \"b.example\" not found in hosts", Assert.Throws<LoginException>(() => HostSelection.Select(config, ["b.example"])).Message);
        Assert.Equal("config has no hosts", Assert.Throws<LoginException>(() => HostSelection.Select(Config(), [])).Message);
    }

    private static MirrorConfig Config(params HostEntry[] hosts) =>
        new(MirrorConfig.SupportedApiVersion, MirrorConfig.ConfigKind, hosts, [], [], "/");
}
