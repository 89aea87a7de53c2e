namespace FluxMirror.TestSupport.Schemas;

/// <summary>Finds the shared contract folder (<c>../shared/spec</c> beside the repository root).</summary>
public static class SpecFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Spec(params string[] parts) =>
        Path.Combine([Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "spec")), .. parts]);

    private static string FindRoot()
    {
        var built = typeof(SpecFiles).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
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
