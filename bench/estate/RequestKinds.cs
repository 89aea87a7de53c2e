using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Bench.Estate;

/// <summary>Names what a proxied request was for ("GET manifest", "POST mount", "PATCH upload" …), so copiers compare kind by kind.</summary>
internal static class RequestKinds
{
    public static string Of(ProxiedRequest request)
    {
        var path = request.PathAndQuery.Split('?', 2)[0];
        var query = request.PathAndQuery.Contains('?', StringComparison.Ordinal) ? request.PathAndQuery.Split('?', 2)[1] : "";
        if (path is "/v2/" or "/v2")
        {
            return $"{request.Method} /v2/";
        }

        if (path.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            return $"{request.Method} tags/list";
        }

        if (path.Contains("/manifests/", StringComparison.Ordinal))
        {
            return $"{request.Method} manifest";
        }

        if (path.Contains("/blobs/uploads/", StringComparison.Ordinal) || path.EndsWith("/blobs/uploads", StringComparison.Ordinal))
        {
            return request.Method == "POST" && query.Contains("mount=", StringComparison.Ordinal) ? "POST mount" : $"{request.Method} upload";
        }

        return path.Contains("/blobs/", StringComparison.Ordinal) ? $"{request.Method} blob" : $"{request.Method} other";
    }

    /// <summary>Requests per tag by kind, source side prefixed "src", destination side "dst".</summary>
    public static IReadOnlyDictionary<string, double> PerTag(CopierRun run, int tags) =>
        run.SourceRequests.Select(r => "src " + Of(r))
            .Concat(run.DestinationRequests.Select(r => "dst " + Of(r)))
            .GroupBy(k => k, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count() / (double)tags, StringComparer.Ordinal);
}
