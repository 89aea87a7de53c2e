namespace FluxMirror.Registry.Credentials;

/// <summary>
/// Finds executables the way <c>exec.LookPath</c> does, and picks the platform's default credential helper like
/// docker/cli's <c>DetectDefaultStore</c>: on Linux <c>pass</c> when the <c>pass</c> program is installed, else
/// <c>secretservice</c>; <c>osxkeychain</c> on macOS, <c>wincred</c> on Windows; used only when its
/// <c>docker-credential-&lt;name&gt;</c> binary is found.
/// </summary>
internal static class CredentialHelperLookup
{
    /// <param name="directory">Search only here (tests, or a fixed helper directory); null = every PATH entry.</param>
    public static string? DetectDefaultStore(string? directory)
    {
        string? candidate = OperatingSystem.IsMacOS() ? "osxkeychain"
            : OperatingSystem.IsWindows() ? "wincred"
            : OperatingSystem.IsLinux() ? (Find("pass", directory) is not null ? "pass" : "secretservice")
            : null;
        return candidate is not null && Find(CredentialHelperProcess.ProgramName(candidate), directory) is not null ? candidate : null;
    }

    /// <returns>The full path of an executable file named <paramref name="name"/>, or null.</returns>
    public static string? Find(string name, string? directory)
    {
        var directories = directory is not null
            ? [directory]
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var fileName = OperatingSystem.IsWindows() ? name + ".exe" : name;
        return directories.Select(d => Path.Combine(d, fileName)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
