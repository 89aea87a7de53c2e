using System.Security.Cryptography;
using FluxMirror.Registry.Model;

namespace FluxMirror.Registry.Protocol;

/// <summary>
/// Reads a blob stream block by block while hashing it, so an upload can verify digest and size before it sends
/// the final block. Memory use is the caller's buffers only.
/// </summary>
internal sealed class VerifyingBlobReader(Stream source, string expectedDigest, long expectedSize) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;

    public long BytesRead { get; private set; }

    public long ExpectedSize => expectedSize;

    /// <summary>True once the bytes read reach the expected size (the next block to send is the last one).</summary>
    public bool ReachedExpectedSize => BytesRead >= expectedSize;

    /// <summary>Fills <paramref name="buffer"/> completely unless the stream ends first; returns the count.</summary>
    public async Task<int> FillAsync(Memory<byte> buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await source.ReadAsync(buffer[total..], ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            _hash.AppendData(buffer.Span.Slice(total, read));
            total += read;
        }

        BytesRead += total;
        return total;
    }

    /// <summary>
    /// Confirms the stream ends here and matches the descriptor; otherwise reads the rest (to name the actual
    /// digest) and throws <see cref="BlobContentMismatchException"/>.
    /// </summary>
    public async Task VerifyAsync(CancellationToken ct)
    {
        if (_verified)
        {
            return;
        }

        var rest = new byte[16 * 1024];
        while (await FillAsync(rest, ct).ConfigureAwait(false) > 0)
        {
        }

        var actual = Digest.FromHash(_hash.GetHashAndReset());
        if (actual != expectedDigest || BytesRead != expectedSize)
        {
            throw new BlobContentMismatchException(actual, BytesRead);
        }

        _verified = true;
    }

    public void Dispose() => _hash.Dispose();
}
