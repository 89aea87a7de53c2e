namespace FluxMirror.Domain.Signatures.Tuf;

/// <summary>
/// The client's local copy of the repository: the newest trusted root, timestamp, snapshot and targets metadata, and
/// downloaded targets (under <c>targets/</c>, names URL-escaped). Files are replaced atomically (temporary file, then
/// rename), so a reader — another client on the same directory included — sees the old file or the new one, never
/// half of one. Without a directory nothing is kept.
/// </summary>
internal sealed class TufCache(string? directory)
{
    public async Task<byte[]?> ReadAsync(string name, CancellationToken ct)
    {
        if (directory is null)
        {
            return null;
        }

        try
        {
            return await File.ReadAllBytesAsync(Path.Combine(directory, name), ct);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task WriteAsync(string name, byte[] content, CancellationToken ct)
    {
        if (directory is null)
        {
            return;
        }

        var path = Path.Combine(directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, content, ct);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public void Delete(string name)
    {
        if (directory is not null)
        {
            File.Delete(Path.Combine(directory, name));
        }
    }

    public static string TargetFileName(string targetName) => Path.Combine("targets", Uri.EscapeDataString(targetName));
}
