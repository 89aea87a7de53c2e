using FluxMirror.Registry.Credentials.Cloud;
using FluxMirror.Registry.Credentials.Tokens;

namespace FluxMirror.Registry.Credentials.Azure;

/// <summary>
/// <c>hosts[].provider: acr</c>: an Entra token for the registry cloud's Resource Manager scope, exchanged at the
/// registry for an ACR refresh token, presented as the password of the null-GUID user. The refresh token's
/// <c>exp</c> tells <see cref="CloudCredentialSource"/> when to renew.
/// </summary>
public sealed class AcrRegistryLogin(EntraTokens? tokens = null, AcrTokenExchange? exchange = null) : ICloudRegistryLogin
{
    /// <summary>The username ACR expects with a refresh token (<c>az acr login --expose-token</c>).</summary>
    public const string NullUser = "00000000-0000-0000-0000-000000000000";

    private readonly EntraTokens _tokens = tokens ?? new EntraTokens();
    private readonly AcrTokenExchange _exchange = exchange ?? new AcrTokenExchange();

    public string Cloud => "azure";

    public async Task<CloudLogin> LoginAsync(string host, CancellationToken ct)
    {
        var registry = AcrRegistry.Parse(host);
        var accessToken = await _tokens.GetAsync(registry.ResourceManagerScope, ct).ConfigureAwait(false);
        var refreshToken = await _exchange.ExchangeAsync(registry.Host, accessToken, ct).ConfigureAwait(false);
        var expiresAt = JwtExpiry.Read(refreshToken)
            ?? throw new CredentialException("the ACR refresh token carries no exp claim");
        return new CloudLogin(NullUser, refreshToken, expiresAt);
    }
}
