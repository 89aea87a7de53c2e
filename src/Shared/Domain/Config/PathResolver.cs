using FluxMirror.Domain.GoCompat;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>Confines every file-path field of the hosts to <see cref="MirrorConfig.BaseDirectory"/> with
/// <see cref="SecureJoin"/>: <c>credential.fromPath</c>, <c>credential.jwkPath</c>, <c>tls.serverAuth.fromPath</c>,
/// <c>tls.clientAuth.certificate.fromPath</c>, <c>tls.clientAuth.key.fromPath</c>. Empty values stay empty.</summary>
public static class PathResolver
{
    public static MirrorConfig Resolve(MirrorConfig config)
    {
        var hosts = new HostEntry[config.Hosts.Count];
        for (var i = 0; i < hosts.Length; i++)
        {
            var host = config.Hosts[i];
            try
            {
                hosts[i] = ResolveHost(host, config.BaseDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new ConfigException($"hosts[{i}] {GoQuote.Quote(host.Host)}: resolve path: {e.Message}");
            }
        }

        return config with { Hosts = hosts };
    }

    private static HostEntry ResolveHost(HostEntry host, string baseDirectory)
    {
        string? Join(string? path) => string.IsNullOrEmpty(path) ? path : SecureJoin.Join(baseDirectory, path);

        var credential = host.Credential is { } c ? c with { FromPath = Join(c.FromPath), JwkPath = Join(c.JwkPath) } : null;
        var tls = host.Tls;
        if (tls is not null)
        {
            var server = tls.ServerAuth is { } s ? s with { FromPath = Join(s.FromPath) } : null;
            var client = tls.ClientAuth is { } ca
                ? ca with
                {
                    Certificate = ca.Certificate is { } cert ? cert with { FromPath = Join(cert.FromPath) } : null,
                    Key = ca.Key is { } key ? key with { FromPath = Join(key.FromPath) } : null,
                }
                : null;
            tls = tls with { ServerAuth = server, ClientAuth = client };
        }

        return host with { Credential = credential, Tls = tls };
    }
}
