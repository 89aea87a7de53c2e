using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Azure;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Azure;

public sealed class AcrRegistryTests
{
    [Theory]
    [InlineData("myregistry.azurecr.io", AcrRegistry.PublicScope)]
    [InlineData("a.b.azurecr.io", AcrRegistry.PublicScope)]
    [InlineData("myregistry.azurecr.de", AcrRegistry.PublicScope)]
    [InlineData("myregistry.azurecr.cn", "https://management.chinacloudapi.cn/.default")]
    [InlineData("myregistry.azurecr.us", "https://management.usgovcloudapi.net/.default")]
    public void Registry_hosts_map_to_their_clouds_resource_manager_scope(string host, string scope)
    {
        var registry = AcrRegistry.Parse(host);

        Assert.Equal(host, registry.Host);
        Assert.Equal(scope, registry.ResourceManagerScope);
        Assert.Equal("https://management.azure.com/.default", AcrRegistry.PublicScope);
    }

    [Theory]
    [InlineData("azurecr.io")]
    [InlineData(".azurecr.io")]
    [InlineData("myregistry.azurecr.io:443")]
    [InlineData("myregistry.azurecr.com")]
    [InlineData("ghcr.io")]
    [InlineData("myregistry.AZURECR.IO")]
    public void Other_hosts_are_refused_with_the_references_message(string host)
    {
        var error = Assert.Throws<CredentialException>(() => AcrRegistry.Parse(host));

        Assert.Equal($@"invalid Azure registry: '{host}'. must match ^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$", error.Message);
    }
}
