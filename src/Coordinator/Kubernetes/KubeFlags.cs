using FluxMirror.Coordinator.Cli;

namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>
/// The standard kubectl connection flags (cli-runtime's <c>genericclioptions</c>), with kubectl's names, shorthands
/// and help texts, so a command line written for kubectl reaches the same cluster here.
/// </summary>
public static class KubeFlags
{
    public static readonly Flag Kubeconfig = new("kubeconfig", null, FlagKind.String, string.Empty, "Path to the kubeconfig file to use for CLI requests.");
    public static readonly Flag Context = new("context", null, FlagKind.String, string.Empty, "The name of the kubeconfig context to use");
    public static readonly Flag Cluster = new("cluster", null, FlagKind.String, string.Empty, "The name of the kubeconfig cluster to use");
    public static readonly Flag User = new("user", null, FlagKind.String, string.Empty, "The name of the kubeconfig user to use");
    public static readonly Flag Namespace = new("namespace", 'n', FlagKind.String, string.Empty, "If present, the namespace scope for this CLI request");
    public static readonly Flag Server = new("server", 's', FlagKind.String, string.Empty, "The address and port of the Kubernetes API server");
    public static readonly Flag Token = new("token", null, FlagKind.String, string.Empty, "Bearer token for authentication to the API server");
    public static readonly Flag As = new("as", null, FlagKind.String, string.Empty, "Username to impersonate for the operation. User could be a regular user or a service account in a namespace.");
    public static readonly Flag AsGroup = new("as-group", null, FlagKind.StringList, string.Empty, "Group to impersonate for the operation, this flag can be repeated to specify multiple groups.");
    public static readonly Flag RequestTimeout = new("request-timeout", null, FlagKind.String, "0", "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.");
    public static readonly Flag CertificateAuthority = new("certificate-authority", null, FlagKind.String, string.Empty, "Path to a cert file for the certificate authority");
    public static readonly Flag InsecureSkipTlsVerify = new("insecure-skip-tls-verify", null, FlagKind.Bool, "false", "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure");
    public static readonly Flag TlsServerName = new("tls-server-name", null, FlagKind.String, string.Empty, "Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used");
    public static readonly Flag ClientCertificate = new("client-certificate", null, FlagKind.String, string.Empty, "Path to a client certificate file for TLS");
    public static readonly Flag ClientKey = new("client-key", null, FlagKind.String, string.Empty, "Path to a client key file for TLS");

    /// <summary>In kubectl's help order (alphabetical).</summary>
    public static IReadOnlyList<Flag> All { get; } =
        [As, AsGroup, CertificateAuthority, ClientCertificate, ClientKey, Cluster, Context, InsecureSkipTlsVerify, Kubeconfig, Namespace, RequestTimeout, Server, TlsServerName, Token, User];
}
