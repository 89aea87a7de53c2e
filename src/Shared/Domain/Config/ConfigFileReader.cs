using System.Text;

namespace FluxMirror.Domain.Config;

/// <summary>Step 1 of loading: the raw bytes of a config, checked for size and decoded as strict UTF-8.
/// Messages follow the reference's Go wording (<c>open config: open PATH: ...</c>).</summary>
internal static class ConfigFileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string ReadText(ConfigSource source) => Decode(source.Content ?? ReadFile(source.Path!));

    private static byte[] ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ConfigException($"read config: read {path}: is a directory");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException || path.Length == 0)
        {
            throw new ConfigException($"open config: open {path}: no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ConfigException($"open config: open {path}: permission denied");
        }
        catch (IOException e)
        {
            throw new ConfigException($"open config: open {path}: {e.Message}");
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ConfigException($"open config: open {path}: invalid argument");
        }

        using (stream)
        {
            var tooLarge = $"read config: {path}: file is larger than the {ConfigSource.MaxBytes / (1024 * 1024)} MiB limit";
            if (stream.CanSeek && stream.Length > ConfigSource.MaxBytes)
            {
                throw new ConfigException(tooLarge);
            }

            try
            {
                return BoundedRead.Read(stream, ConfigSource.MaxBytes) ?? throw new ConfigException(tooLarge);
            }
            catch (IOException e)
            {
                throw new ConfigException($"read config: read {path}: {e.Message}");
            }
        }
    }

    private static string Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        var offset = 0;
        if (span.StartsWith("\uFEFF"u8))
        {
            // A UTF-8 byte order mark is legal at the start of a YAML stream.
            offset = 3;
        }

        var invalidAt = FirstInvalidUtf8(span[offset..]);
        if (invalidAt >= 0)
        {
            throw new ConfigException($"parse config: invalid UTF-8 at byte {offset + invalidAt}");
        }

        return StrictUtf8.GetString(span[offset..]);
    }

    /// <returns>The 0-based offset of the first byte that is not part of a valid UTF-8 sequence, or -1.</returns>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return -1;
        }

        var index = 0;
        while (index < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return index;
            }

            index += consumed;
        }

        return -1;
    }
}
