using FluxMirror.Domain.Config;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Aws;
using FluxMirror.Registry.Credentials.Azure;
using FluxMirror.Registry.Credentials.Cloud;
using FluxMirror.Registry.Credentials.Gcp;
using FluxMirror.Registry.Credentials.Spiffe;
using FluxMirror.Registry.Credentials.Tokens;
using FluxMirror.Registry.Credentials.Tokens.Jwk;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// Turns config <c>hosts[]</c> into per-host <see cref="HostSettings"/>: static and file-backed credentials, custom CA
/// bundles, static client certificates and chunk sizes. What this build cannot run (credential providers, JWK signing,
/// cloud registry providers, SPIFFE, unreadable files, broken TLS material) is refused first by
/// <see cref="ConfigSupport"/>, the same check the CLI and the coordinator run when a config is validated.
/// </summary>
public static class HostSettingsFactory
{
    public static IReadOnlyDictionary<string, HostSettings> FromConfig(MirrorConfig config)
    {
        ConfigSupport.Check(config);
        var result = new Dictionary<string, HostSettings>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < config.Hosts.Count; i++)
        {
            result[config.Hosts[i].Host] = FromEntry(config.Hosts[i], i);
        }

        return result;
    }

    private static HostSettings FromEntry(HostEntry host, int index) => new()
    {
        Username = string.IsNullOrWhiteSpace(host.Username) ? null : host.Username,
        Credential = CredentialSourceFor(host),
        MaxChunkSizeKiB = host.EffectiveMaxChunkSize,
        Tls = host.Tls is { } tls ? TlsSettingsFor(tls, index) : null,
    };

    /// <summary>Where a host's credential comes from: its cloud <c>provider</c>, else its <c>credential</c>; null for a
    /// host that only configures TLS or chunking. Shared with <c>login</c> and <c>secret</c>, which resolve it once.</summary>
    public static IHostCredentialSource? CredentialSourceFor(HostEntry host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return CloudSourceFor(host) ?? (host.Credential is { } credential ? CredentialSourceFor(credential, host.Host) : null);
    }

    /// <summary><c>hosts[].provider</c>: the cloud's own registry login, renewed at half-life.</summary>
    private static IHostCredentialSource? CloudSourceFor(HostEntry host) => host.Provider?.Trim() switch
    {
        HostEntry.ProviderEcr => new CloudCredentialSource(host.Host, new EcrRegistryLogin()),
        HostEntry.ProviderGar => new CloudCredentialSource(host.Host, new GcpRegistryLogin()),
        HostEntry.ProviderAcr => new CloudCredentialSource(host.Host, new AcrRegistryLogin()),
        _ => null,
    };

    private static IHostCredentialSource? CredentialSourceFor(CredentialSpec credential, string host) => credential.Source switch
    {
        CredentialSource.Value => new StaticCredentialSource(HostCredential.Bearer(credential.Value!)),
        CredentialSource.FromPath => new TokenFileCredentialSource(credential.FromPath!),
        CredentialSource.Provider => TokenProviderSourceFor(credential.Provider!.Trim(), host, credential.EffectiveAud(host)),
        CredentialSource.JwkPath or CredentialSource.JwkValue =>
            JwtSigner.Source(host, JwkCredential.Load(credential), credential.Iss!, credential.Sub!, credential.EffectiveAud(host), credential.Exp),
        _ => null,
    };

    /// <summary><c>credential.provider</c>: a token minted for the audience, cached for half its remaining lifetime.</summary>
    private static IHostCredentialSource? TokenProviderSourceFor(string provider, string host, string audience) => provider switch
    {
        CredentialSpec.ProviderGitHub or CredentialSpec.ProviderForgejo => GitHubOidcTokens.Source(host, audience),
        CredentialSpec.ProviderGcp => new MintedTokenSource(host, new GcpIdTokenProvider(audience).MintAsync),
        CredentialSpec.ProviderAws => new MintedTokenSource(host, new AwsStsTokenMinter(audience).Mint),
        CredentialSpec.ProviderAzure => AzureTokenMinter.Source(host, audience),
        CredentialSpec.ProviderJwtSvid => new MintedTokenSource(host, new JwtSvidMinter(audience.Trim()).MintAsync),
        _ => null,
    };

    private static HostTlsSettings TlsSettingsFor(TlsSpec tls, int index)
    {
        try
        {
            return new HostTlsSettings
            {
                CaBundlePem = ConfigSupport.Pem(tls.ServerAuth?.FromPath, tls.ServerAuth?.Value, "serverAuth"),
                ClientCertificatePem = ConfigSupport.Pem(tls.ClientAuth?.Certificate?.FromPath, tls.ClientAuth?.Certificate?.Value, "clientAuth: certificate"),
                ClientKeyPem = ConfigSupport.Pem(tls.ClientAuth?.Key?.FromPath, tls.ClientAuth?.Key?.Value, "clientAuth: key"),
                SpiffeServerAuthorizer = tls.ServerAuth?.Spiffe is { } spiffe ? SpiffeAuthorizerFor(spiffe) : null,
                PresentSvid = tls.ClientAuth?.Provider?.Trim() == ClientAuthSpec.ProviderX509Svid,
            };
        }
        catch (TlsMaterialException ex)
        {
            // A file that went away between the check and now.
            throw new ConfigException($"hosts[{index}]: tls: {ex.Message}");
        }
    }

    private static SpiffeAuthorizer SpiffeAuthorizerFor(SpiffeServerAuthSpec spiffe) =>
        !string.IsNullOrWhiteSpace(spiffe.ServerId) ? SpiffeAuthorizer.Id(spiffe.ServerId.Trim())
        : spiffe.TrustDomain?.Trim() == SpiffeServerAuthSpec.TrustDomainSelf ? SpiffeAuthorizer.OwnTrustDomain
        : !string.IsNullOrWhiteSpace(spiffe.TrustDomain) ? SpiffeAuthorizer.MemberOf(spiffe.TrustDomain.Trim())
        : SpiffeAuthorizer.Any;
}
