using System.Text;

namespace FluxMirror.Domain.Keygen;

/// <summary>
/// O_EXCL create with the mode given at creation (so a private key is never readable by others, not even for the
/// moment between create and chmod), as the reference's <c>os.OpenFile(path, O_WRONLY|O_CREATE|O_EXCL, perm)</c>.
/// </summary>
public sealed class ExclusiveKeySetFileWriter : IKeySetFileWriter
{
    public static ExclusiveKeySetFileWriter Instance { get; } = new();

    public async Task CreateNewAsync(string path, string content, UnixFileMode mode, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        var stream = new FileStream(path, options);
        try
        {
            await using (stream)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(content), ct);
            }
        }
        catch
        {
            // A half-written key file is worse than none: it would be refused as existing on the next run.
            File.Delete(path);
            throw;
        }
    }
}
