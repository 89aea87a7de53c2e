namespace FluxMirror.Registry.Transport;

/// <summary>Reads a small response body into memory, so that the reader afterwards cannot stall.</summary>
internal static class ResponseBuffer
{
    private const int ChunkBytes = 81920;

    /// <summary>
    /// Replaces the body by its bytes, at most <paramref name="limit"/> + 1 of them: a body that is too long still
    /// reads as too long to the caller, which reports it. A body that announces more than the limit is left alone
    /// for the same reason. A body that breaks off is an <see cref="HttpRequestException"/>, like a connection error.
    /// </summary>
    public static async Task LoadAsync(HttpResponseMessage response, int limit, CancellationToken ct)
    {
        var content = response.Content;
        if (content.Headers.ContentLength > limit)
        {
            return;
        }

        using var buffer = new MemoryStream();
        try
        {
            await using var body = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var chunk = new byte[ChunkBytes];
            int read;
            while (buffer.Length <= limit
                && (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(ChunkBytes, limit + 1L - buffer.Length)), ct).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException ex)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, ex.Message, ex);
        }

        var loaded = new ByteArrayContent(buffer.ToArray());
        foreach (var header in content.Headers.Where(h => !string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            loaded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = loaded;
        content.Dispose();
    }
}
