using FluxMirror.Registry.Credentials.Azure;
using FluxMirror.TestSupport.Azure;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Azure;

public sealed class AzureErrorTextTests
{
    [Fact]
    public void The_aggregated_chain_message_becomes_one_line_without_guide_pointers()
    {
        const string message = "DefaultAzureCredential failed to retrieve a token from the included credentials. See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/defaultazurecredential/troubleshoot\n"
            + "- EnvironmentCredential authentication unavailable. Environment variables are not fully configured. See the troubleshooting guide for more information. https://aka.ms/azsdk/net/identity/environmentcredential/troubleshoot\n"
            + "- ManagedIdentityCredential authentication unavailable. No response received from the managed identity endpoint.\r\n"
            + "- Azure CLI not installed\n\n";

        var line = AzureErrorText.OneLine(message);

        Assert.Equal(
            "DefaultAzureCredential failed to retrieve a token from the included credentials; EnvironmentCredential authentication unavailable. Environment variables are not fully configured; "
            + "ManagedIdentityCredential authentication unavailable. No response received from the managed identity endpoint; Azure CLI not installed",
            line);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
    }

    [Fact]
    public void Response_dumps_keep_only_their_status_line()
    {
        const string message = "DefaultAzureCredential failed to retrieve a token from the included credentials.\n"
            + "- ManagedIdentityCredential authentication unavailable. The requested identity has not been assigned to this resource.\nStatus: 400 (Bad Request)\n\n"
            + "Content:\n{\"error\":\"invalid_request\"}\n\nHeaders:\nServer: fake\nContent-Length: 27\n\n"
            + "- AzureCliCredential authentication failed: Azure CLI not installed";

        Assert.Equal(
            "DefaultAzureCredential failed to retrieve a token from the included credentials; ManagedIdentityCredential authentication unavailable. "
            + "The requested identity has not been assigned to this resource; Status: 400 (Bad Request); AzureCliCredential authentication failed: Azure CLI not installed",
            AzureErrorText.OneLine(message));
    }

    [Fact]
    public void Tokens_and_the_client_secret_are_masked()
    {
        var jwt = new FakeJwt().Issue(new Dictionary<string, object?> { ["exp"] = 4102444800L });
        const string secret = "client-secret-value-42";

        var line = AzureErrorText.OneLine($"ClientSecretCredential authentication failed: echo {jwt}\nTrace ID: 1\nsecret was {secret}", secret);

        Assert.Equal("ClientSecretCredential authentication failed: echo (redacted); Trace ID: 1; secret was (redacted)", line);
    }

    [Fact]
    public void Long_messages_are_cut_and_empty_ones_named()
    {
        Assert.Equal(AzureErrorText.MaxLength + 1, AzureErrorText.OneLine(new string('x', 5000)).Length);
        Assert.Equal("unknown error", AzureErrorText.OneLine("  \n "));
    }
}
