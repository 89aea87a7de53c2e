using FluxMirror.Domain.Keygen;

namespace FluxMirror.Tests.Unit.Domain.Keygen;

public sealed class ExclusiveKeySetFileWriterTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Directory.CreateTempSubdirectory("fm-keywriter-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_write_that_does_not_complete_leaves_no_half_written_file()
    {
        var path = Path.Combine(_root, "privkey.json");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExclusiveKeySetFileWriter.Instance.CreateNewAsync(path, "{}", Private, cancelled.Token));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task An_existing_file_is_neither_overwritten_nor_removed()
    {
        var path = Path.Combine(_root, "privkey.json");
        await File.WriteAllTextAsync(path, "theirs", TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<IOException>(() => ExclusiveKeySetFileWriter.Instance.CreateNewAsync(path, "ours", Private, TestContext.Current.CancellationToken));

        Assert.Equal("theirs", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }
}
