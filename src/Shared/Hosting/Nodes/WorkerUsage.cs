using FluxMirror.Actors.Nodes;

namespace FluxMirror.Hosting.Nodes;

/// <summary>
/// <c>flux-mirror-worker --help</c>. The worker has no flag parser of its own (NodeArguments reads --name value
/// pairs), so without this <c>--help</c> was taken for a flag missing its value. <c>flux-mirror worker</c> is the
/// same node; its help comes from the CLI.
/// </summary>
public static class WorkerUsage
{
    public static bool IsRequested(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h");

    public const string Summary =
        "Run a worker node of a flux-mirror cluster: it joins the cluster through the seeds, takes tag copies of\n" +
        "the jobs the coordinators run and reads job configs from the job manager. ${VAR} in a config is\n" +
        "substituted from this process's environment, so registry credentials are given to the workers.\n";

    public static string Text { get; } =
        Summary + "\n" +
        "Usage:\n  flux-mirror-worker [flags]\n\n" +
        "Flags:\n" +
        $"      --hostname string          overrides ${ClusterNodeSettings.HostnameVariable} (the address this node binds remoting to)\n" +
        $"      --public-hostname string   overrides ${ClusterNodeSettings.PublicHostnameVariable} (the address other nodes reach it at)\n" +
        $"      --port string              overrides ${ClusterNodeSettings.PortVariable} (remoting port)\n" +
        $"      --seeds string             overrides ${ClusterNodeSettings.SeedsVariable} (comma-separated seed node addresses)\n" +
        $"      --postgres string          overrides ${ClusterNodeSettings.PostgresVariable} (the cluster's journal, required)\n" +
        "  -h, --help                     help for flux-mirror-worker\n\n" +
        $"Remoting is TLS with mutual authentication given ${RemotingTls.CertificateVariable}, ${RemotingTls.KeyVariable} (or\n" +
        $"${RemotingTls.PasswordVariable} for PKCS#12) and ${RemotingTls.AuthorityVariable}; a non-loopback hostname needs them unless\n" +
        $"${RemotingTls.InsecureVariable}=true.\n";
}
