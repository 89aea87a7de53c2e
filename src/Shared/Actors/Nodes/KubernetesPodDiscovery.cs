using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Akka.Discovery;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Cluster Bootstrap's discovery over the Kubernetes API: one pod-list request per lookup with the pod's
/// service-account token, trusting only the service account's CA. It replaces Akka.Discovery.KubernetesApi, whose
/// 1.5.73 build throws MissingMethodException with every KubernetesClient version served (19, 21) and passes its
/// CA file as a client certificate. Token, CA and namespace are read at every lookup: bound service-account
/// tokens are rotated, and lookups stop once the node is a member.
/// </summary>
public sealed class KubernetesPodDiscovery : ServiceDiscovery
{
    /// <summary>The discovery method name: <c>akka.discovery.kubernetes-pods</c>.</summary>
    public const string Method = "kubernetes-pods";

    private const string ServiceAccount = "/var/run/secrets/kubernetes.io/serviceaccount";

    private readonly Config _config;

    public KubernetesPodDiscovery(ExtendedActorSystem system, Config config) => _config = config;

    /// <summary>The discovery's HOCON with the in-cluster defaults; keys a test (or an operator) may override.</summary>
    public static string Hocon(string labelSelector) => $$"""
        akka.discovery.{{Method}} {
          class = "{{typeof(KubernetesPodDiscovery).FullName}}, {{typeof(KubernetesPodDiscovery).Assembly.GetName().Name}}"
          pod-label-selector = "{{labelSelector.Replace("\"", "\\\"", StringComparison.Ordinal)}}"
          api-ca-path = "{{ServiceAccount}}/ca.crt"
          api-token-path = "{{ServiceAccount}}/token"
          pod-namespace-path = "{{ServiceAccount}}/namespace"
          # The API server: https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT unless api-server-url is set.
          api-service-host-env-name = "KUBERNETES_SERVICE_HOST"
          api-service-port-env-name = "KUBERNETES_SERVICE_PORT"
          api-server-url = ""
        }
        """;

    public override async Task<Resolved> Lookup(Lookup lookup, TimeSpan resolveTimeout)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        using var timeout = new CancellationTokenSource(resolveTimeout);
        var ct = timeout.Token;
        var server = ApiServer(_config.GetString("api-server-url", ""), _config.GetString("api-service-host-env-name"), _config.GetString("api-service-port-env-name"), Environment.GetEnvironmentVariable);
        var ns = (await ReadAsync("pod-namespace-path", "namespace", ct).ConfigureAwait(false)).Trim();
        var selector = _config.GetString("pod-label-selector");
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(await ReadAsync("api-ca-path", "CA certificate", ct).ConfigureAwait(false));

        using var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            // The cluster's CA only, not the system roots; nothing is fetched to check a chain or revocation.
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        using var client = new HttpClient(handler);
        var uri = new Uri(server, $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods?labelSelector={Uri.EscapeDataString(selector)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await ReadAsync("api-token-path", "service-account token", ct).ConfigureAwait(false)).Trim());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // 403: the service account may not list pods (the Role needs pods: get, list).
                throw new KubernetesDiscoveryException(
                    $"listing pods ({selector}) in namespace {ns} at {server} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return new Resolved(lookup.ServiceName, await KubernetesPodList.ReadTargetsAsync(body, lookup.PortName, ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or AuthenticationException)
        {
            throw new KubernetesDiscoveryException($"listing pods ({selector}) in namespace {ns} at {server} failed: {ex.Message}", ex);
        }
    }

    /// <summary><paramref name="url"/> if set, else https://host:port from the variables the service account's pod has.</summary>
    internal static Uri ApiServer(string url, string hostVariable, string portVariable, Func<string, string?> getEnv)
    {
        if (!string.IsNullOrWhiteSpace(url))
        {
            return new Uri(url.TrimEnd('/') + "/");
        }

        var host = getEnv(hostVariable);
        var port = getEnv(portVariable);
        if (string.IsNullOrWhiteSpace(host) || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new KubernetesDiscoveryException($"{hostVariable} and {portVariable} are not set: this node is not running in a Kubernetes pod");
        }

        // A dual-stack cluster may give an IPv6 service address.
        return new UriBuilder(Uri.UriSchemeHttps, host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host, number, "/").Uri;
    }

    private async Task<string> ReadAsync(string pathKey, string what, CancellationToken ct)
    {
        var path = _config.GetString(pathKey);
        try
        {
            return await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesDiscoveryException($"cannot read the service account's {what} ({path}): {ex.Message}", ex);
        }
    }
}

/// <summary>Why a pod list could not be had; the bootstrap logs it and tries again after a back-off.</summary>
public sealed class KubernetesDiscoveryException : Exception
{
    public KubernetesDiscoveryException()
    {
    }

    public KubernetesDiscoveryException(string message)
        : base(message)
    {
    }

    public KubernetesDiscoveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
