namespace FluxMirror.Domain.Config;

/// <summary>Where a config comes from: a file path, or text already read from stdin (<c>-</c>).</summary>
public sealed record ConfigSource
{
    /// <summary>Largest config accepted; anything bigger is certainly not a hand-written mirror config.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    private ConfigSource(string? path, byte[]? content)
    {
        Path = path;
        Content = content;
    }

    /// <summary>The file path as the user wrote it, or null for stdin.</summary>
    public string? Path { get; }

    /// <summary>The stdin bytes, or null for a file.</summary>
    internal byte[]? Content { get; }

    public bool IsStdin => Path is null;

    public static ConfigSource FromFile(string path) => new(path, null);

    public static ConfigSource FromStdin(string text) => new(null, System.Text.Encoding.UTF8.GetBytes(text));

    public static ConfigSource FromStdin(byte[] bytes) => new(null, bytes);

    /// <summary>Reads stdin (<c>-</c>) up to <see cref="MaxBytes"/>; a larger input fails without being buffered whole.</summary>
    public static ConfigSource FromStdin(Stream stdin)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        var bytes = BoundedRead.Read(stdin, MaxBytes)
            ?? throw new ConfigException($"read config: stdin: input is larger than the {MaxBytes / (1024 * 1024)} MiB limit");
        return new ConfigSource(null, bytes);
    }

    public override string ToString() => Path ?? "stdin";
}
