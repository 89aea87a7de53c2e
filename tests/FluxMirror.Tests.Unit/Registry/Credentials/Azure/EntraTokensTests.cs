using Azure.Core;
using Azure.Identity;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Azure;
using FluxMirror.Registry.Model;

namespace FluxMirror.Tests.Unit.Registry.Credentials.Azure;

public sealed class EntraTokensTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_azure_provider_asks_for_the_audiences_default_scope_and_stamps_the_token()
    {
        var token = TestSupport.Azure.FakeJwt.Unsigned(DateTimeOffset.UtcNow.AddHours(1));
        var credential = FakeTokenCredential.Returning(token);

        var source = AzureTokenMinter.Source("registry.example", "api://mirror-registry", new EntraTokens(() => credential));
        var issued = await source.ResolveAsync(Ct);

        Assert.Equal(HostCredential.Bearer(token), issued);
        Assert.Equal(["api://mirror-registry/.default"], credential.Scopes);
    }

    [Fact]
    public async Task A_credential_that_cannot_be_created_reads_create_azure_credential()
    {
        var source = AzureTokenMinter.Source("registry.example", "api://x", new EntraTokens(() => throw new InvalidOperationException("Invalid value for AZURE_TOKEN_CREDENTIALS.\nUse one of: dev, prod")));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));

        Assert.Equal("failed to obtain CI JWT for host \"registry.example\": create Azure credential: Invalid value for AZURE_TOKEN_CREDENTIALS; Use one of: dev, prod", error.Message);
    }

    [Fact]
    public async Task An_unavailable_chain_is_reported_on_one_line()
    {
        var credential = new FakeTokenCredential((_, _) => throw new CredentialUnavailableException(
            "DefaultAzureCredential failed to retrieve a token from the included credentials.\n- EnvironmentCredential authentication unavailable.\n- Azure CLI not installed"));
        var source = AzureTokenMinter.Source("registry.example", "api://x", new EntraTokens(() => credential));

        var error = await Assert.ThrowsAsync<CredentialException>(async () => await source.ResolveAsync(Ct));

        Assert.Equal(
            "failed to obtain CI JWT for host \"registry.example\": DefaultAzureCredential failed to retrieve a token from the included credentials; EnvironmentCredential authentication unavailable; Azure CLI not installed",
            error.Message);
    }

    [Fact]
    public async Task A_hanging_token_request_is_bounded()
    {
        var credential = new FakeTokenCredential(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return default(AccessToken);
        });
        var tokens = new EntraTokens(() => credential, TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<CredentialException>(() => tokens.GetAsync("https://management.azure.com/.default", Ct));

        Assert.Equal("get Azure access token for scope https://management.azure.com/.default: timed out after 0.2s", error.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        using var cancel = new CancellationTokenSource();
        var credential = new FakeTokenCredential(async (_, ct) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return default(AccessToken);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new EntraTokens(() => credential).GetAsync("s/.default", cancel.Token));
    }
}
