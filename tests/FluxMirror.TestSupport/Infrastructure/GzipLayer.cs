using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using FluxMirror.Registry.Model;

namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// Layer blobs are real gzip (stored, i.e. uncompressed deflate blocks) around pseudo-random bytes:
/// tools such as skopeo sniff the content and would "fix" a tar+gzip layer that is not gzip by
/// recompressing it, changing every digest. Stored blocks keep this cheap even for GiB layers.
/// </summary>
public static class GzipLayer
{
    private const int BufferSize = 1 << 20;

    /// <summary>Digest and size of the gzip blob, plus the diff id (digest of the uncompressed payload).</summary>
    public sealed record Measurement(string Digest, long Size, string DiffId);

    public static byte[] Compress(byte[] payload)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.NoCompression, leaveOpen: true))
            gzip.Write(payload);
        return output.ToArray();
    }

    /// <summary>First pass over a big layer: hash it without keeping it.</summary>
    public static async Task<Measurement> MeasureAsync(ulong seed, long payloadLength, CancellationToken ct)
    {
        using var payloadHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var sink = new HashingSink();
        await WriteAsync(seed, payloadLength, sink, payloadHash, ct);
        return new Measurement(sink.Digest(), sink.Length, "sha256:" + Convert.ToHexStringLower(payloadHash.GetHashAndReset()));
    }

    /// <summary>Second pass: the same bytes, produced while the HTTP request body is being sent.</summary>
    public static HttpContent Content(ulong seed, long payloadLength, long compressedLength) =>
        new StreamingContent(seed, payloadLength, compressedLength);

    private static async Task WriteAsync(ulong seed, long payloadLength, Stream target, IncrementalHash? payloadHash, CancellationToken ct)
    {
        await using var payload = new DeterministicStream(seed, payloadLength);
        await using var gzip = new GZipStream(target, CompressionLevel.NoCompression, leaveOpen: true);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await payload.ReadAsync(buffer, ct)) > 0)
        {
            payloadHash?.AppendData(buffer, 0, read);
            await gzip.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    private sealed class StreamingContent(ulong seed, long payloadLength, long compressedLength) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            WriteAsync(seed, payloadLength, stream, payloadHash: null, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = compressedLength;
            return true;
        }
    }

    /// <summary>Write-only stream that only hashes and counts.</summary>
    private sealed class HashingSink : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public string Digest() => "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException("write-only stream");
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("write-only stream");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("write-only stream");
        public override void SetLength(long value) => throw new NotSupportedException("write-only stream");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
