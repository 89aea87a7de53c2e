using FluxMirror.Coordinator.Cli;
using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>The kubectl connection flags as given (null = not given). <see cref="ToString"/> never shows the token.</summary>
public sealed record KubeConnectionOptions
{
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    public string? Cluster { get; init; }

    public string? User { get; init; }

    public string? Namespace { get; init; }

    public string? Server { get; init; }

    public string? Token { get; init; }

    public string? As { get; init; }

    public IReadOnlyList<string> AsGroups { get; init; } = [];

    /// <summary>Null = no per-request limit (kubectl's <c>0</c>).</summary>
    public TimeSpan? RequestTimeout { get; init; }

    public string? CertificateAuthority { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    public string? TlsServerName { get; init; }

    public string? ClientCertificate { get; init; }

    public string? ClientKey { get; init; }

    public static KubeConnectionOptions From(ParsedArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? Value(Flag flag) => args.String(flag.Name) is { Length: > 0 } v ? v : null;
        return new KubeConnectionOptions
        {
            Kubeconfig = Value(KubeFlags.Kubeconfig),
            Context = Value(KubeFlags.Context),
            Cluster = Value(KubeFlags.Cluster),
            User = Value(KubeFlags.User),
            Namespace = Value(KubeFlags.Namespace),
            Server = Value(KubeFlags.Server),
            Token = Value(KubeFlags.Token),
            As = Value(KubeFlags.As),
            AsGroups = args.Strings(KubeFlags.AsGroup.Name),
            RequestTimeout = ParseRequestTimeout(args.String(KubeFlags.RequestTimeout.Name)),
            CertificateAuthority = Value(KubeFlags.CertificateAuthority),
            InsecureSkipTlsVerify = args.Bool(KubeFlags.InsecureSkipTlsVerify.Name),
            TlsServerName = Value(KubeFlags.TlsServerName),
            ClientCertificate = Value(KubeFlags.ClientCertificate),
            ClientKey = Value(KubeFlags.ClientKey),
        };
    }

    /// <summary>kubectl's rules: a bare integer is seconds, otherwise a Go duration; zero means no limit.</summary>
    public static TimeSpan? ParseRequestTimeout(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        TimeSpan timeout;
        if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            timeout = TimeSpan.FromSeconds(seconds);
        }
        else if (!GoDuration.TryParse(value, out timeout))
        {
            throw new CliException("Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)");
        }

        if (timeout < TimeSpan.Zero)
        {
            throw new CliException("Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)");
        }

        return timeout == TimeSpan.Zero ? null : timeout;
    }

    /// <summary>The flags given other than the namespace: what <c>--export</c>, which calls no API, refuses.</summary>
    public static IEnumerable<string> ConnectionFlagsGiven(ParsedArgs args) =>
        KubeFlags.All.Where(f => f != KubeFlags.Namespace && (args ?? throw new ArgumentNullException(nameof(args))).IsSet(f.Name)).Select(f => "--" + f.Name);

    public override string ToString() =>
        $"kubeconfig={Kubeconfig}, context={Context}, cluster={Cluster}, user={User}, namespace={Namespace}, server={Server}, token={(Token is null ? "none" : "(redacted)")}";
}
