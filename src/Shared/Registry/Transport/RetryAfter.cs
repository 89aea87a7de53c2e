using System.Net.Http.Headers;

namespace FluxMirror.Registry.Transport;

internal static class RetryAfter
{
    /// <summary>The server's requested wait (delta-seconds or HTTP date), clamped to [0, <paramref name="cap"/>]; null when absent.</summary>
    public static TimeSpan? Read(HttpResponseMessage response, TimeSpan cap, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is not RetryConditionHeaderValue value)
        {
            return null;
        }

        var wait = value.Delta ?? (value.Date is { } date ? date - now : (TimeSpan?)null);
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > cap ? cap : wait;
    }
}
