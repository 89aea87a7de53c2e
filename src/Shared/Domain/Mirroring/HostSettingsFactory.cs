using FluxMirror.Domain.Config;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Credentials.Spiffe;
using FluxMirror.Registry.Credentials.Tokens;
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
        Credential = host.Credential is { } credential ? CredentialSourceFor(credential, host.Host) : null,
        MaxChunkSizeKiB = host.EffectiveMaxChunkSize,
        Tls = host.Tls is { } tls ? TlsSettingsFor(tls, index) : null,
    };

    private static IHostCredentialSource? CredentialSourceFor(CredentialSpec credential, string host) => credential.Source switch
    {
        CredentialSource.Provider when credential.Provider == CredentialSpec.ProviderJwtSvid =>
            new MintedTokenSource(host, new JwtSvidMinter(credential.EffectiveAud(host).Trim()).MintAsync),
        CredentialSource.Value => new StaticCredentialSource(HostCredential.Bearer(credential.Value!)),
        CredentialSource.FromPath => new TokenFileCredentialSource(credential.FromPath!),
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
