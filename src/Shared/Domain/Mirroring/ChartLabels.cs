using FluxMirror.Domain.Config;

namespace FluxMirror.Domain.Mirroring;

/// <summary>How a charts entry is named in the report and the text output.</summary>
public static class ChartLabels
{
    /// <summary>Label <c>&lt;source without trailing /&gt;/&lt;name&gt;</c>; destination <c>&lt;oci base without scheme&gt;/&lt;name&gt;</c>.</summary>
    public static EntryRef Describe(int index, ChartEntry chart)
    {
        var label = chart.Source.TrimEnd('/') + "/" + chart.Name;
        var destination = chart.Destination["oci://".Length..].TrimEnd('/') + "/" + chart.Name;
        return new EntryRef(index, EntryKind.Chart, label, destination);
    }

    /// <summary>OCI tags cannot hold <c>+</c>: build metadata is carried with <c>_</c>.</summary>
    public static string VersionToTag(string version) => version.Replace('+', '_');
}
