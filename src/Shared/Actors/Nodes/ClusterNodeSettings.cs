using FluxMirror.Actors.JobManagement;
using FluxMirror.Actors.Jobs;
using FluxMirror.Domain.Config;
using FluxMirror.Protocol.Limits;

namespace FluxMirror.Actors.Nodes;

/// <summary>
/// Where a cluster node listens, whom it joins and where the shared journal lives. Read from the
/// environment (<c>FLUX_MIRROR_*</c>) and overridden by flags.
/// </summary>
/// <param name="Seeds">Seed node addresses (<c>akka.tcp://flux-mirror@host:port</c>, <c>akka.ssl.tcp://</c> works as well: the scheme follows <paramref name="Tls"/>); empty = this node starts the cluster by joining itself.</param>
/// <param name="MaxRunningJobs">Unfinished jobs the coordinator's job manager keeps at once (FLUX_MIRROR_MAX_RUNNING_JOBS); more are refused until one ends.</param>
/// <param name="PublicHostname">The name other nodes reach this one by (a pod's stable DNS name); defaults to <paramref name="Hostname"/>.</param>
/// <param name="JobCoordinator">How the coordinators of this node's jobs pace themselves; the default unless a test shortens it.</param>
/// <param name="JobRetention">How long finished jobs' journals are kept (FLUX_MIRROR_JOB_RETENTION); 7 days unless set.</param>
/// <param name="SubmittedConfigs">What a submitted config may refer to on this node (FLUX_MIRROR_SUBMITTED_ENV); no allow-list unless set.</param>
/// <param name="Tls">This node's remoting certificate and the cluster's CA (FLUX_MIRROR_TLS_*); null = plaintext remoting.</param>
/// <param name="MaxFrameSize">Largest message between nodes in bytes (FLUX_MIRROR_MAX_FRAME_SIZE); null = Akka's 128 000.</param>
/// <param name="Ports">The node's side ports (operator, management); none unless read from the environment or set by a test.</param>
/// <param name="Discovery">Cluster Bootstrap's discovery (FLUX_MIRROR_DISCOVERY=kubernetes|config); null = <paramref name="Seeds"/> as they are.</param>
public sealed record ClusterNodeSettings(
    string Hostname,
    int Port,
    IReadOnlyList<string> Seeds,
    string PostgresConnectionString,
    string? PublicHostname = null,
    Akka.Event.LogLevel LogLevel = Akka.Event.LogLevel.InfoLevel,
    DowningTimes? Downing = null,
    Protocol.Limits.HostLimits? HostLimits = null,
    int MaxRunningJobs = JobManagement.JobManagerActor.DefaultMaxRunningJobs,
    JobCoordinatorSettings? JobCoordinator = null,
    SubmittedConfigRules? SubmittedConfigs = null,
    TimeSpan? JobRetention = null,
    RemotingTls? Tls = null,
    long? MaxFrameSize = null,
    NodePorts? Ports = null,
    ClusterDiscovery? Discovery = null)
{
    public const string HostnameVariable = "FLUX_MIRROR_HOSTNAME";
    public const string PublicHostnameVariable = "FLUX_MIRROR_PUBLIC_HOSTNAME";
    public const string PortVariable = "FLUX_MIRROR_PORT";
    public const string SeedsVariable = "FLUX_MIRROR_SEEDS";
    public const string PostgresVariable = "FLUX_MIRROR_POSTGRES";

    public static ClusterNodeSettings FromEnvironment(Func<string, string?>? getEnv = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        var portText = NullIfEmpty(getEnv(PortVariable));
        var port = 0;
        if (portText is not null && (!int.TryParse(portText, out port) || port is < 0 or > 65535))
        {
            throw new ArgumentException($"{PortVariable} must be a port number between 0 and 65535, got \"{portText}\"");
        }

        // FLUX_MIRROR_MAX_REQUESTS_PER_HOST, FLUX_MIRROR_REQUESTS_PER_SECOND_PER_HOST, FLUX_MIRROR_HOST_LIMITS.
        var hostLimits = HostLimitsEnvironment.Read(getEnv);

        var hostname = NullIfEmpty(getEnv(HostnameVariable)) ?? "127.0.0.1";
        var tls = RemotingTls.FromEnvironment(getEnv);
        RemotingTls.RequireUnlessLoopback(tls, hostname, getEnv);
        var seeds = ParseSeeds(getEnv(SeedsVariable));
        var publicHostname = NullIfEmpty(getEnv(PublicHostnameVariable));

        return new ClusterNodeSettings(
            hostname,
            port,
            seeds,
            NullIfEmpty(getEnv(PostgresVariable)) ?? "",
            publicHostname,
            Downing: DowningTimes.FromEnvironment(getEnv),
            HostLimits: hostLimits,
            MaxRunningJobs: JobManagement.JobManagerActor.MaxRunningJobsFrom(getEnv),
            SubmittedConfigs: SubmittedConfigRules.FromNodeEnvironment(getEnv),
            JobRetention: JobIndexActor.RetentionFrom(getEnv),
            Tls: tls,
            MaxFrameSize: RemotingFrameSize.FromEnvironment(getEnv),
            Ports: NodePorts.FromEnvironment(getEnv, hostname),
            Discovery: ClusterDiscovery.FromEnvironment(getEnv, seeds, hostname, publicHostname));
    }

    /// <summary>The downing times in effect (Akka's stable-after, a shorter removal margin) unless set.</summary>
    public DowningTimes DowningOrDefault => Downing ?? DowningTimes.Default;

    public NodePorts PortsOrNone => Ports ?? NodePorts.None;

    public SubmittedConfigRules SubmittedConfigsOrDefault => SubmittedConfigs ?? new SubmittedConfigRules();

    public static IReadOnlyList<string> ParseSeeds(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
