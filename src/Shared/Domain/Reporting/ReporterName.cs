namespace FluxMirror.Domain.Reporting;

/// <summary>The report's <c>reporter</c>: <c>flux-mirror/v&lt;version&gt;</c>.</summary>
public static class ReporterName
{
    public static string Version { get; } = typeof(ReporterName).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static string Value { get; } = "flux-mirror/v" + Version;
}
