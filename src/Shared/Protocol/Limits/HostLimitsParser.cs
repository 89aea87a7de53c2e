using System.Globalization;

namespace FluxMirror.Protocol.Limits;

/// <summary>
/// Reads limit values from text (environment variables, flags). Every error is one line naming where the
/// value came from (<c>source</c>: a variable or flag name) and the value itself.
/// </summary>
public static class HostLimitsParser
{
    public const string OverrideSyntax = "host=concurrent[/requests-per-second]";

    /// <summary>A concurrency limit: a whole number of at least 1.</summary>
    public static int ParseConcurrency(string text, string source) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new ArgumentException($"{source} must be a whole number of at least 1, got \"{text}\"");

    /// <summary>A rate: a decimal number of requests per second, 0 (no limit) up to <see cref="HostLimits.MaxRequestsPerSecond"/>.</summary>
    public static double ParseRate(string text, string source) =>
        TryParseRate(text, out var value)
            ? value
            : throw new ArgumentException($"{source} must be a number of requests per second between 0 (no limit) and {HostLimits.MaxRequestsPerSecond:0}, got \"{text}\"");

    public static bool TryParseRate(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value) && value is >= 0 and <= HostLimits.MaxRequestsPerSecond;

    /// <summary>
    /// Comma-separated <c>host=concurrent[/rps]</c> entries, e.g. <c>registry-1.docker.io=4/1.5,ghcr.io=16</c>.
    /// An entry without a rate keeps <paramref name="defaultRate"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, HostLimit> ParseOverrides(string text, double defaultRate, string source)
    {
        var overrides = new Dictionary<string, HostLimit>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (host, limit) = ParseOverride(entry, defaultRate, source);
            if (!overrides.TryAdd(host, limit))
            {
                throw new ArgumentException($"{source} names host \"{host}\" twice");
            }
        }

        return overrides;
    }

    private static (string Host, HostLimit Limit) ParseOverride(string entry, double defaultRate, string source)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        var host = eq > 0 ? entry[..eq].Trim() : "";
        var value = eq > 0 ? entry[(eq + 1)..] : "";
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var concurrencyText = slash >= 0 ? value[..slash] : value;
        var rateText = slash >= 0 ? value[(slash + 1)..] : null;
        var rate = defaultRate;
        if (host.Length == 0 || host.Any(char.IsWhiteSpace)
            || !int.TryParse(concurrencyText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var concurrent) || concurrent < 1
            || (rateText is not null && !TryParseRate(rateText, out rate)))
        {
            throw new ArgumentException($"{source}: \"{entry}\" is not {OverrideSyntax} (concurrent at least 1, requests-per-second 0 to {HostLimits.MaxRequestsPerSecond:0})");
        }

        return (host, new HostLimit(concurrent, rate));
    }
}
