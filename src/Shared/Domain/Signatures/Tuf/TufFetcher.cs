using System.Net;

namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>
/// Bounded HTTP GETs for the client: one timeout per request (the caller's HttpClient may have none), a size limit
/// enforced while reading (a repository cannot make the client buffer an endless answer), and every failure a
/// one-line <see cref="TufException"/> naming the file.
/// </summary>
internal sealed class TufFetcher(HttpClient http)
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <param name="label">How messages name the file, e.g. <c>timestamp.json</c>.</param>
    /// <param name="missingEndsSearch">404 and 403 answer null instead of failing (the end of root rotation).</param>
    public async Task<byte[]?> GetAsync(Uri url, string label, long maxBytes, bool missingEndsSearch, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (missingEndsSearch && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new TufException($"{label}: HTTP {(int)response.StatusCode} from {url}");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new TufException($"{label}: larger than the {maxBytes} byte limit");
            }

            return await ReadBoundedAsync(response.Content, label, maxBytes, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TufException($"{label}: fetch {url} timed out after {RequestTimeout.TotalSeconds:0} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TufException($"{label}: fetch {url}: {ex.Message}", ex);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, string label, long maxBytes, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new TufException($"{label}: larger than the {maxBytes} byte limit");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
