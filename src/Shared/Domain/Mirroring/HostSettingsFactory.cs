using FluxMirror.Domain.Config;
using FluxMirror.Registry.Credentials;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Domain.Mirroring;

/// <summary>
/// Turns config <c>hosts[]</c> into per-host <see cref="HostSettings"/>: static and file-backed credentials, custom CA
/// bundles, static client certificates and chunk sizes. Credential providers, JWK signing, cloud registry providers
/// and SPIFFE are rejected with a clear one-line <see cref="ConfigException"/> until they are implemented.
/// </summary>
public static class HostSettingsFactory
{
    public static IReadOnlyDictionary<string, HostSettings> FromConfig(MirrorConfig config)
    {
        var result = new Dictionary<string, HostSettings>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < config.Hosts.Count; i++)
        {
            result[config.Hosts[i].Host] = FromEntry(config.Hosts[i], i);
        }

        return result;
    }

    private static HostSettings FromEntry(HostEntry host, int index)
    {
        if (!string.IsNullOrWhiteSpace(host.Provider))
        {
            throw new ConfigException($"hosts[{index}]: registry provider {GoQuote.Quote(host.Provider)} is not supported yet");
        }

        return new HostSettings
        {
            Username = string.IsNullOrWhiteSpace(host.Username) ? null : host.Username,
            Credential = host.Credential is { } credential ? CredentialSourceFor(credential, index) : null,
            MaxChunkSizeKiB = host.EffectiveMaxChunkSize,
            Tls = host.Tls is { } tls ? TlsSettingsFor(tls, host.Host, index) : null,
        };
    }

    private static IHostCredentialSource? CredentialSourceFor(CredentialSpec credential, int index) => credential.Source switch
    {
        CredentialSource.Value => new StaticCredentialSource(HostCredential.Bearer(credential.Value!)),
        CredentialSource.FromPath => new TokenFileCredentialSource(credential.FromPath!),
        CredentialSource.Provider => throw new ConfigException(
            $"hosts[{index}]: credential provider {GoQuote.Quote(credential.Provider)} is not supported yet"),
        CredentialSource.JwkPath => throw new ConfigException($"hosts[{index}]: credential jwkPath is not supported yet"),
        CredentialSource.JwkValue => throw new ConfigException($"hosts[{index}]: credential jwkValue is not supported yet"),
        _ => null,
    };

    private static HostTlsSettings TlsSettingsFor(TlsSpec tls, string host, int index)
    {
        if (tls.ServerAuth?.Spiffe is not null)
        {
            throw new ConfigException($"hosts[{index}]: tls serverAuth.spiffe is not supported yet");
        }

        if (!string.IsNullOrWhiteSpace(tls.ClientAuth?.Provider))
        {
            throw new ConfigException($"hosts[{index}]: tls clientAuth provider {GoQuote.Quote(tls.ClientAuth.Provider)} is not supported yet");
        }

        try
        {
            var settings = new HostTlsSettings
            {
                CaBundlePem = Pem(tls.ServerAuth?.FromPath, tls.ServerAuth?.Value, "serverAuth"),
                ClientCertificatePem = Pem(tls.ClientAuth?.Certificate?.FromPath, tls.ClientAuth?.Certificate?.Value, "clientAuth: certificate"),
                ClientKeyPem = Pem(tls.ClientAuth?.Key?.FromPath, tls.ClientAuth?.Key?.Value, "clientAuth: key"),
            };

            // Load once now so broken material fails the config, not the first request.
            if (settings.CaBundlePem is { } ca)
            {
                TlsProfile.LoadCaBundle(ca);
            }

            if (settings is { ClientCertificatePem: { } cert, ClientKeyPem: { } key })
            {
                TlsProfile.LoadClientCertificate(cert, key).Dispose();
            }

            return settings;
        }
        catch (TlsMaterialException ex)
        {
            throw new ConfigException($"host {GoQuote.Quote(host)}: tls: {ex.Message}");
        }
    }

    private static string? Pem(string? fromPath, string? value, string what)
    {
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (string.IsNullOrEmpty(fromPath))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(fromPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TlsMaterialException($"{what}: read {GoQuote.Quote(fromPath)}: {ex.Message}");
        }
    }
}
