namespace FluxMirror.Domain.Config;

/// <summary>Reads a stream to its end unless it exceeds a byte limit, so an oversized input is never held whole.</summary>
internal static class BoundedRead
{
    /// <returns>The bytes, or null when the stream holds more than <paramref name="limit"/> bytes.</returns>
    public static byte[]? Read(Stream stream, long limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
