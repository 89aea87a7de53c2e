namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>Creates and removes the scratch directories the fixtures live in.</summary>
public static class TempDirectory
{
    public static string Create(string prefix) =>
        Directory.CreateTempSubdirectory($"fluxmirror-{prefix}-").FullName;

    /// <summary>Best effort: a leftover temp dir must not fail a test that otherwise passed.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
