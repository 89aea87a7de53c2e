using System.Net;
using FluxMirror.Domain.Config;
using FluxMirror.Domain.Mirroring;
using FluxMirror.Registry.Model;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Registry;

/// <summary>Against a real htpasswd-protected registry (Basic challenge).</summary>
[Collection("Processes")]
public sealed class BasicAuthTests : RegistryTestBase
{
    private const string User = "mirror";
    private const string Password = "s3cret-Pa55";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Secured = await StartRegistryAsync(new RegistryOptions(User, Password));
        using var seeder = new RegistrySeeder(Secured);
        await seeder.PushImageAsync("team/app", "v1", ct: Ct);
    }

    private RegistryProcess Secured { get; set; } = null!;

    [Fact]
    public async Task Docker_config_auths_basic_credentials_are_used()
    {
        DockerConfig.WithBasic(Secured.Host, User, Password);
        var client = CreateClient();

        Assert.Equal(["v1"], await client.ListTagsAsync(Repo("team/app", Secured), Ct));
    }

    [Fact]
    public async Task Docker_credential_helper_is_asked_with_the_host()
    {
        DockerConfig.CreateCredentialHelper("fake", User, Password);
        DockerConfig.WithCredHelper(Secured.Host, "fake");
        var client = CreateClient(o => o with { CredentialHelperDirectory = DockerConfig.BinDirectory });

        Assert.Equal(["v1"], await client.ListTagsAsync(Repo("team/app", Secured), Ct));
        Assert.Equal(Secured.Host, DockerConfig.LastCredentialHelperRequest("fake"));
    }

    [Fact]
    public async Task Config_credential_value_with_username_is_the_password()
    {
        var hosts = HostSettingsFactory.FromConfig(Config(new HostEntry(Secured.Host, Username: User, Credential: new CredentialSpec(Value: Password))));
        var client = CreateClient(o => o with { Hosts = hosts });

        Assert.Equal(["v1"], await client.ListTagsAsync(Repo("team/app", Secured), Ct));
    }

    [Fact]
    public async Task Wrong_password_fails_with_401_and_never_shows_the_password()
    {
        const string wrong = "not-the-Pa55word";
        DockerConfig.WithBasic(Secured.Host, User, wrong);
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repo("team/app", Secured), Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal($"GET http://{Secured.Host}/v2/team/app/tags/list?n=1000: UNAUTHORIZED: authentication required", error.Message);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, string.Join('\n', LogLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_head_on_a_protected_registry_throws_instead_of_reporting_missing()
    {
        var client = CreateClient();

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.HeadManifestAsync(Repo("team/app", Secured), "v1", Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.StartsWith($"HEAD http://{Secured.Host}/v2/team/app/manifests/v1: unexpected status code 401 Unauthorized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_between_protected_and_anonymous_registries()
    {
        DockerConfig.WithBasic(Secured.Host, User, Password);
        var client = CreateClient();

        var outcome = await new ArtifactCopier(client).CopyAsync(Repo("team/app", Secured), "v1", Repo("mirror/app"), "v1", 2, Ct);

        Assert.Equal(outcome.Digest, await Seeder.ManifestDigestAsync("mirror/app", "v1", Ct));
    }

    private static MirrorConfig Config(params HostEntry[] hosts) =>
        new(MirrorConfig.SupportedApiVersion, MirrorConfig.ConfigKind, hosts, [], [], Path.GetTempPath());
}
