namespace FluxMirror.Registry.Transport;

/// <summary>Per-request hints that the protocol layer passes down to the transport handlers.</summary>
internal static class RegistryRequestOptions
{
    /// <summary>The token scopes the request needs, so a bearer token can be fetched before a streamed body is sent.</summary>
    public static readonly HttpRequestOptionsKey<ScopeSet> Scopes = new("flux-mirror.scopes");

    /// <summary>Set on redirects to another host (blob storage): such requests must not carry registry credentials.</summary>
    public static readonly HttpRequestOptionsKey<bool> Anonymous = new("flux-mirror.anonymous");

    /// <summary>
    /// Small bodies the caller reads whole (manifests, tag lists, tokens): the retry handler reads them, up to this
    /// many bytes, inside the attempt, so a body that stalls or breaks off is retried like a connection error.
    /// </summary>
    public static readonly HttpRequestOptionsKey<int> ReadWhole = new("flux-mirror.read-whole");

    public static ScopeSet ScopesOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Scopes, out var scopes) ? scopes : ScopeSet.Empty;

    public static int? ReadWholeLimitOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(ReadWhole, out var limit) ? limit : null;

    public static bool IsAnonymous(HttpRequestMessage request) =>
        request.Options.TryGetValue(Anonymous, out var anonymous) && anonymous;

    /// <summary>Only bodies we hold in memory can be sent again; streamed uploads are redone by the job-level retry.</summary>
    public static bool IsReplayable(HttpRequestMessage request) => request.Content is null or ByteArrayContent;

    /// <summary>The gate/auth key of a request: host[:port] as in references (default ports omitted).</summary>
    public static string HostOf(HttpRequestMessage request) => request.RequestUri!.Authority;
}
