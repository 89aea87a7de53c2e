using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Charts;

/// <summary>How HTTP Helm repositories are reached: where <c>repositories.yaml</c> is and the transfer limits.</summary>
public sealed record HelmRepositoryOptions
{
    public const long DefaultMaxIndexBytes = 50L << 20;
    public const long DefaultMaxChartBytes = 100L << 20;

    /// <summary>Path of Helm's <c>repositories.yaml</c>; a missing file means anonymous access.</summary>
    public required string RepositoryConfigPath { get; init; }

    /// <summary>Budget of one HTTP request, body included (Helm's client uses 60 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Within that budget, how long a request may wait for its response headers (connecting included).</summary>
    public TimeSpan ResponseHeaderTimeout { get; init; } = RegistryClientOptions.DefaultResponseHeaderTimeout;

    /// <summary>Within that budget, how long a response body may go without a single byte arriving.</summary>
    public TimeSpan BodyIdleTimeout { get; init; } = RegistryClientOptions.DefaultBodyIdleTimeout;

    public long MaxIndexBytes { get; init; } = DefaultMaxIndexBytes;

    public long MaxChartBytes { get; init; } = DefaultMaxChartBytes;

    public string UserAgent { get; init; } = "flux-mirror";

    /// <summary>Options with the repositories.yaml path Helm itself would use in this environment.</summary>
    public static HelmRepositoryOptions FromEnvironment(Func<string, string?>? getEnvironmentVariable = null) =>
        new() { RepositoryConfigPath = DefaultRepositoryConfigPath(getEnvironmentVariable ?? Environment.GetEnvironmentVariable) };

    /// <summary>
    /// <c>$HELM_REPOSITORY_CONFIG</c>, else <c>repositories.yaml</c> in Helm's config home: <c>$HELM_CONFIG_HOME</c>,
    /// else <c>$XDG_CONFIG_HOME/helm</c>, else the platform default (<c>~/.config/helm</c> on Linux).
    /// </summary>
    public static string DefaultRepositoryConfigPath(Func<string, string?> getEnvironmentVariable)
    {
        if (NonEmpty(getEnvironmentVariable("HELM_REPOSITORY_CONFIG")) is { } explicitPath)
        {
            return explicitPath;
        }

        var configHome = NonEmpty(getEnvironmentVariable("HELM_CONFIG_HOME"))
            ?? (NonEmpty(getEnvironmentVariable("XDG_CONFIG_HOME")) is { } xdg ? Path.Combine(xdg, "helm") : PlatformConfigHome(getEnvironmentVariable));
        return Path.Combine(configHome, "repositories.yaml");
    }

    private static string PlatformConfigHome(Func<string, string?> getEnvironmentVariable)
    {
        var home = NonEmpty(getEnvironmentVariable("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(NonEmpty(getEnvironmentVariable("APPDATA")) ?? home, "helm");
        }

        return OperatingSystem.IsMacOS()
            ? Path.Combine(home, "Library", "Preferences", "helm")
            : Path.Combine(home, ".config", "helm");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
