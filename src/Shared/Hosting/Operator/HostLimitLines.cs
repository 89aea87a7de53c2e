using System.Globalization;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Hosting.Operator;

/// <summary>
/// One host's budget as <c>ratelimit show</c> prints it, pipe-separated like the cluster palette:
/// <c>HOST | budget: MAX | limit: N | in use: N | waiting: N | rate: RPS/s | paused until: TIME</c>.
/// </summary>
public static class HostLimitLines
{
    public static string Line(HostLimitState s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{s.Host} | budget: {s.MaxConcurrent} | limit: {s.Limit} | in use: {s.InUse} | waiting: {s.Waiting} | rate: {(s.RequestsPerSecond > 0 ? s.RequestsPerSecond.ToString("0.###", CultureInfo.InvariantCulture) + "/s" : "unlimited")} | paused until: {(s.PausedUntil is { } until ? until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "-")}");

    /// <summary><c>N</c> or <c>N/RPS</c>: N ≥ 1 requests in flight, RPS ≥ 0 per second (0 = no rate limit; absent = unchanged).</summary>
    public static bool TryParseLimit(string? text, out int max, out double? rate)
    {
        max = 0;
        rate = null;
        var parts = (text ?? "").Trim().Split('/');
        if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1)
        {
            return false;
        }

        if (parts.Length == 2)
        {
            if (!double.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rps) || rps < 0 || double.IsInfinity(rps))
            {
                return false;
            }

            rate = rps;
        }

        return true;
    }
}
