using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace FluxMirror.TestSupport.Charts;

/// <summary>Builds chart tarballs the way <c>helm package</c> lays them out: <c>&lt;name&gt;/Chart.yaml</c>, <c>&lt;name&gt;/templates/…</c>.</summary>
public static class ChartArchives
{
    private static readonly DateTimeOffset FixedTime = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A minimal valid chart; <paramref name="flavour"/> changes the template so the tarball differs at the same version.</summary>
    public static byte[] Chart(string name, string version, string flavour = "a", string? extraChartYaml = null) =>
        Build(name, ("Chart.yaml", ChartYaml(name, version, extraChartYaml)), ("templates/configmap.yaml", Template(name, flavour)));

    public static string ChartYaml(string name, string version, string? extra = null) =>
        $"apiVersion: v2\nname: {name}\nversion: {version}\ndescription: A test chart\ntype: application\n{extra}";

    /// <summary>An archive with exactly these files below the chart directory <paramref name="directory"/>.</summary>
    public static byte[] Build(string directory, params (string Path, string Content)[] files) =>
        BuildRaw([.. files.Select(f => ($"{directory}/{f.Path}", f.Content))]);

    /// <summary>An archive whose entry names are used verbatim (for path-safety tests).</summary>
    public static byte[] BuildRaw(params (string EntryName, string Content)[] files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (entryName, content) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, entryName)
                {
                    ModificationTime = FixedTime,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                };
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    private static string Template(string name, string flavour) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  flavour: \"{flavour}\"\n";
}
