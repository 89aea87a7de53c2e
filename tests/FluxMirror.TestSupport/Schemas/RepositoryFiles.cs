namespace FluxMirror.TestSupport.Schemas;

/// <summary>Finds files of this repository (never outside it: a fresh clone anywhere must pass).</summary>
public static class RepositoryFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    private static string FindRoot()
    {
        var built = typeof(RepositoryFiles).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "FluxMirror.Cluster.sln")))
        {
            return Path.GetFullPath(built);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FluxMirror.Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        // Built out of tree (FLUX_ARTIFACTS): fall back to the working directory's checkout.
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FluxMirror.Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find FluxMirror.Cluster.sln above the test binaries");
    }
}
