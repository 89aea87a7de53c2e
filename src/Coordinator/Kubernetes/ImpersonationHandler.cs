namespace FluxMirror.Coordinator.Kubernetes;

/// <summary>
/// kubectl's <c>--as</c>/<c>--as-group</c>: the library has no impersonation setting, so the headers client-go's
/// impersonating round tripper sends are added here.
/// </summary>
public sealed class ImpersonationHandler(string user, IReadOnlyList<string> groups) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Add("Impersonate-User", user);
        foreach (var group in groups)
        {
            request.Headers.Add("Impersonate-Group", group);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
