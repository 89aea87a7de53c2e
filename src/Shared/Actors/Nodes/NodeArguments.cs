namespace FluxMirror.Actors.Nodes;

/// <summary>
/// The node flags shared by <c>flux-mirror-worker</c> and <c>flux-mirror coordinator</c>; each overrides its
/// <c>FLUX_MIRROR_*</c> variable: --hostname, --public-hostname, --port, --seeds (comma-separated), --postgres, --http-port.
/// </summary>
public sealed record NodeArguments(ClusterNodeSettings Settings, int HttpPort, string HttpHost)
{
    public const string HttpPortVariable = "FLUX_MIRROR_HTTP_PORT";
    public const string HttpHostVariable = "FLUX_MIRROR_HTTP_HOST";
    public const int DefaultHttpPort = 8080;

    public static NodeArguments Parse(IReadOnlyList<string> args, Func<string, string?>? getEnv = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument \"{arg}\"");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            var value = eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : throw new ArgumentException($"flag needs an argument: --{name}");
            values[name] = value;
        }

        var env = new Dictionary<string, string?>
        {
            [ClusterNodeSettings.HostnameVariable] = Pick("hostname", ClusterNodeSettings.HostnameVariable),
            [ClusterNodeSettings.PublicHostnameVariable] = Pick("public-hostname", ClusterNodeSettings.PublicHostnameVariable),
            [ClusterNodeSettings.PortVariable] = Pick("port", ClusterNodeSettings.PortVariable),
            [ClusterNodeSettings.SeedsVariable] = Pick("seeds", ClusterNodeSettings.SeedsVariable),
            [ClusterNodeSettings.PostgresVariable] = Pick("postgres", ClusterNodeSettings.PostgresVariable),
        };
        var unknown = values.Keys.Except(["hostname", "public-hostname", "port", "seeds", "postgres", "http-port", "http-host"]).FirstOrDefault();
        if (unknown is not null)
        {
            throw new ArgumentException($"unknown flag: --{unknown}");
        }

        var settings = ClusterNodeSettings.FromEnvironment(name => env.TryGetValue(name, out var value) ? value : getEnv(name));
        var httpText = Pick("http-port", HttpPortVariable);
        var httpPort = DefaultHttpPort;
        if (!string.IsNullOrEmpty(httpText) && (!int.TryParse(httpText, out httpPort) || httpPort is < 0 or > 65535))
        {
            throw new ArgumentException($"{HttpPortVariable} / --http-port must be a port number, got \"{httpText}\"");
        }

        return new NodeArguments(settings, httpPort, Pick("http-host", HttpHostVariable) is { Length: > 0 } host ? host : "127.0.0.1");

        string? Pick(string flag, string variable) => values.TryGetValue(flag, out var v) ? v : getEnv(variable);
    }
}
