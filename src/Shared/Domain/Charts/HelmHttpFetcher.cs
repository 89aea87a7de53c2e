using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Registry.Model;
using FluxMirror.Registry.Transport;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// GETs from one HTTP Helm repository: <c>User-Agent: flux-mirror</c>, a per-request budget covering the body (and
/// inside it the stall timeouts: response headers, body idleness), a size cap, and Basic auth from the
/// repositories.yaml entry only towards the repository's own scheme and host (unless <c>pass_credentials_all</c>).
/// Every failure is a <see cref="HelmException"/> whose text never holds a credential.
/// </summary>
internal sealed class HelmHttpFetcher(HttpMessageHandler handler, Uri repository, HelmRepositoryEntry? entry, HelmRepositoryOptions options)
    : IDisposable
{
    private readonly HttpClient _http = new(
        new StallTimeoutHandler(new StallTimeouts(options.ResponseHeaderTimeout, options.BodyIdleTimeout)) { InnerHandler = handler },
        disposeHandler: true)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<byte[]> GetAsync(Uri url, long maxBytes, CancellationToken ct)
    {
        var display = HelmUrls.Display(url);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(options.RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd(options.UserAgent);
            request.Headers.Authorization = AuthorizationFor(url);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, budget.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HelmException($"GET {display}: status {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw TooLarge(display, maxBytes);
            }

            return await ReadLimitedAsync(response, display, maxBytes, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new HelmException($"GET {display}: request timed out after {GoDuration.Format(options.RequestTimeout)}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new HelmException($"GET {display}: {Describe(ex)}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new HelmException($"GET {display}: unsupported protocol scheme {GoQuote.Quote(url.Scheme)}", ex);
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, string display, long maxBytes, CancellationToken ct)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(display, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // A read aborted by the budget surfaces as an IOException; report it as the cancellation it is.
            ct.ThrowIfCancellationRequested();
            throw new HelmException($"read body from {display}: {Describe(ex)}", ex);
        }
    }

    private static HelmException TooLarge(string display, long maxBytes) => new($"response from {display} exceeds {maxBytes} bytes");

    // Basic auth from repositories.yaml goes only to the repository itself unless pass_credentials_all; like Go's
    // client, credentials embedded in the URL are used when nothing else applies.
    private AuthenticationHeaderValue? AuthorizationFor(Uri url)
    {
        if (entry is { HasBasicAuth: true }
            && (entry.PassCredentialsAll || (SameScheme(url) && string.Equals(url.Authority, repository.Authority, StringComparison.OrdinalIgnoreCase))))
        {
            return Basic(entry.Username, entry.Password);
        }

        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            return Basic(user, password);
        }

        return null;
    }

    private bool SameScheme(Uri url) => string.Equals(url.Scheme, repository.Scheme, StringComparison.OrdinalIgnoreCase);

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    // .NET wraps TLS and socket failures in "... see inner exception."; the innermost text is the useful one.
    private static string Describe(Exception ex)
    {
        var message = ex.Message;
        for (var inner = ex.InnerException; inner is not null && message.Contains("inner exception", StringComparison.OrdinalIgnoreCase); inner = inner.InnerException)
        {
            message = inner.Message;
        }

        return message.ReplaceLineEndings(" ");
    }
}
