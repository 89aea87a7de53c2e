using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxMirror.Hosting.Management;

/// <summary>
/// The body of a probe's answer: the overall status and each check's status and short description, never an
/// exception or its stack. A description that looks like it carries a connection string or a credential is withheld.
/// </summary>
public sealed record HealthJson(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("checks")] IReadOnlyList<HealthJson.Check> Checks)
{
    public const int MaxDescription = 200;

    private static readonly string[] Telltales = ["password", "passwd", "secret", "token", "host=", "server=", "username=", "user id="];

    /// <summary>Unhealthy answers 503, so kubelets and load balancers act on it; degraded still serves (200).</summary>
    public static int StatusCodeOf(HealthStatus status) => status == HealthStatus.Unhealthy ? 503 : 200;

    public static HealthJson From(HealthReport report) => new(
        Word(report.Status),
        [.. report.Entries
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new Check(e.Key, Word(e.Value.Status), Describe(e.Value), Math.Round(e.Value.Duration.TotalMilliseconds, 1)))]);

    public static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    /// <summary>The check's own description, else its exception's type name (the message may quote a connection string).</summary>
    public static string Describe(HealthReportEntry entry)
    {
        var text = entry.Description ?? (entry.Exception is { } ex ? ex.GetType().Name : "");
        if (Telltales.Any(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)))
        {
            return "(description withheld: it may carry connection details)";
        }

        return text.Length <= MaxDescription ? text : text[..MaxDescription] + "…";
    }

    public sealed record Check(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("durationMs")] double DurationMs);
}
