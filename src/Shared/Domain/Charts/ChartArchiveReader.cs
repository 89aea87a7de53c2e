using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// Reads the chart metadata out of a chart <c>.tgz</c> the way Helm's <c>loader.LoadArchive</c> does: the top-level
/// directory is stripped, unsafe paths and oversized content are refused, <c>Chart.yaml</c> (and a legacy
/// <c>requirements.yaml</c>) are parsed, and the metadata is sanitised and validated.
/// </summary>
internal static partial class ChartArchiveReader
{
    private const long MaxDecompressedChartBytes = 100L * 1024 * 1024;
    private const long MaxDecompressedFileBytes = 5L * 1024 * 1024;
    private const string ApiVersionV1 = "v1";

    /// <exception cref="HelmException">With Helm's message (callers prefix <c>load chart archive: </c>).</exception>
    public static ChartMetadata ReadMetadata(byte[] archive)
    {
        var files = ReadMetadataFiles(archive);
        var metadata = Parse(files);
        var (sanitised, error) = ChartMetadataValidator.Validate(metadata);
        return error is null ? sanitised : throw new HelmException(error);
    }

    private static ChartMetadata Parse(IReadOnlyList<(string Name, byte[] Data)> files)
    {
        ChartMetadata? metadata = null;
        foreach (var (_, data) in files.Where(f => f.Name == "Chart.yaml"))
        {
            metadata = Apply(metadata ?? new ChartMetadata(), data, "Chart.yaml");
            metadata = metadata.ApiVersion.Length == 0 ? metadata with { ApiVersion = ApiVersionV1 } : metadata;
        }

        foreach (var (_, data) in files.Where(f => f.Name == "requirements.yaml"))
        {
            metadata = Apply(metadata ?? new ChartMetadata(), data, "requirements.yaml");
        }

        return metadata ?? throw new HelmException("Chart.yaml file is missing");
    }

    private static ChartMetadata Apply(ChartMetadata metadata, byte[] data, string file)
    {
        try
        {
            var map = HelmYaml.LoadMapping(data, "chart metadata");
            return map is null ? metadata : ChartMetadataReader.Read(map, metadata);
        }
        catch (FormatException ex)
        {
            throw new HelmException($"cannot load {file}: {ex.Message}", ex);
        }
    }

    private static List<(string Name, byte[] Data)> ReadMetadataFiles(byte[] archive)
    {
        if (archive.Length < 2 || archive[0] != 0x1F || archive[1] != 0x8B)
        {
            throw new HelmException("gzip: invalid header");
        }

        var wanted = new List<(string, byte[])>();
        var fileCount = 0;
        var remaining = MaxDecompressedChartBytes;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(archive, writable: false), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes
                    || entry.Name.EndsWith('/'))
                {
                    continue;
                }

                var name = CheckedName(entry.Name);
                if (entry.Length > remaining)
                {
                    throw TooLarge();
                }

                if (entry.Length > MaxDecompressedFileBytes)
                {
                    throw new HelmException($"decompressed chart file {GoQuote.Quote(entry.Name)} is larger than the maximum file size {MaxDecompressedFileBytes} bytes");
                }

                remaining -= entry.Length;
                if (remaining <= 0)
                {
                    throw TooLarge();
                }

                fileCount++;
                if (name is "Chart.yaml" or "requirements.yaml")
                {
                    wanted.Add((name, ReadData(entry)));
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new HelmException(ex.Message, ex);
        }

        return fileCount == 0 ? throw new HelmException("no files in chart archive") : wanted;
    }

    private static HelmException TooLarge() =>
        new($"decompressed chart is larger than the maximum size {MaxDecompressedChartBytes} bytes");

    private static byte[] ReadData(TarEntry entry)
    {
        if (entry.DataStream is null)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        entry.DataStream.CopyTo(buffer);
        return buffer.ToArray();
    }

    // The archive's first path element is the chart directory; what follows must stay inside it.
    private static string CheckedName(string entryName)
    {
        var delimiter = entryName.Contains('\\', StringComparison.Ordinal) ? '\\' : '/';
        var parts = entryName.Split(delimiter);
        var name = string.Join('/', parts.Skip(1));
        if (name.StartsWith('/'))
        {
            throw new HelmException("chart illegally contains absolute paths");
        }

        name = PosixPath.Clean(name);
        if (name == ".")
        {
            throw new HelmException($"chart illegally contains content outside the base directory: {GoQuote.Quote(entryName)}");
        }

        if (name.StartsWith("..", StringComparison.Ordinal))
        {
            throw new HelmException("chart illegally references parent directory");
        }

        if (DrivePath().IsMatch(name))
        {
            throw new HelmException("chart contains illegally named files");
        }

        return parts[0] == "Chart.yaml" ? throw new HelmException("chart yaml not in base directory") : name;
    }

    [GeneratedRegex("^[a-zA-Z]:/", RegexOptions.CultureInvariant)]
    private static partial Regex DrivePath();
}
