namespace FluxMirror.Domain.Keygen;

/// <summary>
/// Creates one key file that must not exist yet. A seam so tests can make the second (public) write fail and see the
/// private file rolled back; the real one is <see cref="ExclusiveKeySetFileWriter"/>.
/// </summary>
public interface IKeySetFileWriter
{
    Task CreateNewAsync(string path, string content, UnixFileMode mode, CancellationToken ct);
}
