namespace FluxMirror.Actors.Jobs;

/// <summary>Short, sortable, URL- and actor-name-safe job ids.</summary>
public static class JobIds
{
    public static string New() => DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}
