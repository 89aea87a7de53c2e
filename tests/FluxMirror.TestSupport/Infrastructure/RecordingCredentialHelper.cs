namespace FluxMirror.TestSupport.Infrastructure;

/// <summary>
/// A working <c>docker-credential-&lt;name&gt;</c> shell script for tests: <c>store</c> keeps the JSON it received
/// in a file per server URL, <c>get</c> answers from it (or "credentials not found", as real helpers do),
/// <c>erase</c> removes it. With <c>failWith</c> every verb prints that text to stderr and exits 1.
/// Lives in its own directory, which a test puts on PATH (or passes as the helper directory).
/// </summary>
public sealed class RecordingCredentialHelper : IDisposable
{
    private readonly bool _ownsDirectory;

    public RecordingCredentialHelper(string name, string? failWith = null, string? directory = null)
    {
        Name = name;
        _ownsDirectory = directory is null;
        Directory = directory ?? TempDirectory.Create("cred-helper");
        StoreDirectory = Path.Combine(Directory, $".{name}-store");
        System.IO.Directory.CreateDirectory(StoreDirectory);
        var body = failWith is not null
            ? $"cat > /dev/null; echo '{failWith}' >&2; exit 1"
            : $$"""
                input=$(cat)
                case "$1" in
                  store) server=$(printf '%s' "$input" | sed -n 's/.*"ServerURL":"\([^"]*\)".*/\1/p') ;;
                  *) server="$input" ;;
                esac
                file='{{StoreDirectory}}'/$(printf '%s' "$server" | tr -c 'A-Za-z0-9._-' '_')
                case "$1" in
                  store) printf '%s' "$input" > "$file" ;;
                  get) if [ -f "$file" ]; then cat "$file"; else echo 'credentials not found in native keychain'; exit 1; fi ;;
                  erase) rm -f "$file" ;;
                  *) echo "unsupported: $1" >&2; exit 1 ;;
                esac
                """;
        Script = Path.Combine(Directory, $"docker-credential-{name}");
        File.WriteAllText(Script, $"#!/bin/sh\n{body}\n");
        MakeExecutable(Script);
    }

    public string Name { get; }

    /// <summary>The directory holding the script: put it on PATH.</summary>
    public string Directory { get; }

    public string Script { get; }

    private string StoreDirectory { get; }

    /// <summary>Every JSON object <c>store</c> received, one per server URL.</summary>
    public IReadOnlyList<string> StoredEntries() =>
        System.IO.Directory.GetFiles(StoreDirectory).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();

    /// <summary>Adds an empty executable named <paramref name="program"/> beside the helper (e.g. <c>pass</c>, which
    /// docker's detection looks for).</summary>
    public void AddProgram(string program)
    {
        var path = Path.Combine(Directory, program);
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
        MakeExecutable(path);
    }

    public void Dispose()
    {
        if (_ownsDirectory)
        {
            TempDirectory.TryDelete(Directory);
        }
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
