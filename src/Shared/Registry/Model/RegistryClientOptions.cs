namespace FluxMirror.Registry.Model;

public sealed record RegistryClientOptions
{
    /// <summary>Plain HTTP for every registry and no TLS verification for any HTTPS connection.</summary>
    public bool Insecure { get; init; }

    /// <summary>Keyed by registry host[:port] exactly as in references (case-insensitive).</summary>
    public IReadOnlyDictionary<string, HostSettings> Hosts { get; init; } = new Dictionary<string, HostSettings>();

    /// <summary>Directory holding the Docker <c>config.json</c>; null = <c>$DOCKER_CONFIG</c> or <c>~/.docker</c>.</summary>
    public string? DockerConfigDirectory { get; init; }

    public IHostRequestGate? Gate { get; init; }

    /// <summary>Verbose progress lines (never carry secrets).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Receives the number of blob bytes uploaded, as they are sent.</summary>
    public IProgress<long>? BytesTransferred { get; init; }

    /// <summary>Attempts per replayable HTTP request (first try included).</summary>
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a request (registry or token realm) may wait for its response headers once its body is sent,
    /// connecting included. A request that runs out fails like a connection error and is retried as one.
    /// </summary>
    public TimeSpan ResponseHeaderTimeout { get; init; } = DefaultResponseHeaderTimeout;

    /// <summary>
    /// How long a request or response body may go without a single byte moving. Only idleness counts: a long, steady
    /// transfer (a 1 GiB layer) is never cut. A small body read whole (manifest, tag list, token) that stalls is retried.
    /// </summary>
    public TimeSpan BodyIdleTimeout { get; init; } = DefaultBodyIdleTimeout;

    public static TimeSpan DefaultResponseHeaderTimeout { get; } = TimeSpan.FromSeconds(30);

    public static TimeSpan DefaultBodyIdleTimeout { get; } = TimeSpan.FromSeconds(60);

    public string UserAgent { get; init; } = DefaultUserAgent;

    public static string DefaultUserAgent { get; } =
        "flux-mirror/" + (typeof(RegistryClientOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>Tag list page size (<c>n=</c>); only tests lower it to exercise pagination.</summary>
    internal int TagPageSize { get; init; } = 1000;

    /// <summary>Most tag-list pages one listing follows: a registry that keeps paging is refused, not followed forever.</summary>
    internal int MaxTagPages { get; init; } = 1000;

    /// <summary>Most tags one listing holds (1 000 full pages); with the page body cap it bounds a listing's memory.</summary>
    internal int MaxTags { get; init; } = 1_000_000;

    /// <summary>Where <c>docker-credential-*</c> helpers are looked up; null = <c>$PATH</c>. Tests point it elsewhere.</summary>
    internal string? CredentialHelperDirectory { get; init; }

    internal HostSettings? SettingsFor(string host) =>
        Hosts.TryGetValue(host, out var settings)
            ? settings
            : Hosts.FirstOrDefault(h => string.Equals(h.Key, host, StringComparison.OrdinalIgnoreCase)).Value;
}
