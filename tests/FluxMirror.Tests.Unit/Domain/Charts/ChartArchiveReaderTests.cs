using FluxMirror.Domain.Charts;
using FluxMirror.TestSupport.Charts;

namespace FluxMirror.Tests.Unit.Domain.Charts;

/// <summary>Chart archives are checked like Helm's loader does before anything is pushed.</summary>
public sealed class ChartArchiveReaderTests
{
    [Fact]
    public void ReadsChartYamlFromTheChartDirectory()
    {
        var metadata = ChartArchiveReader.ReadMetadata(ChartArchives.Chart("podinfo", "6.5.0"));

        Assert.Equal("podinfo", metadata.Name);
        Assert.Equal("6.5.0", metadata.Version);
        Assert.Equal("v2", metadata.ApiVersion);
    }

    [Fact]
    public void LegacyRequirementsYamlSuppliesTheDependencies()
    {
        var archive = ChartArchives.Build(
            "old",
            ("Chart.yaml", "name: old\nversion: 1.0.0\n"),
            ("requirements.yaml", "dependencies:\n- name: mysql\n  version: 1.x\n  repository: https://charts.example.com\n"));

        var metadata = ChartArchiveReader.ReadMetadata(archive);

        Assert.Equal("v1", metadata.ApiVersion);
        Assert.Equal("mysql", Assert.Single(metadata.Dependencies!)!.Name);
    }

    [Theory]
    [InlineData("chart/templates/a.yaml", "Chart.yaml file is missing")]
    [InlineData("chart/../../etc/passwd", "chart illegally references parent directory")]
    [InlineData("chart//abs/file", "chart illegally contains absolute paths")]
    [InlineData("Chart.yaml", "chart illegally contains content outside the base directory: \"Chart.yaml\"")]
    [InlineData("chart/c:/windows/evil", "chart contains illegally named files")]
    public void UnsafeOrIncompleteArchivesAreRefused(string entryName, string expected)
    {
        var error = Assert.Throws<HelmException>(() => ChartArchiveReader.ReadMetadata(ChartArchives.BuildRaw((entryName, "x: 1\n"))));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("apiVersion: v2\nversion: 1.0.0\n", "validation: chart.metadata.name is required")]
    [InlineData("apiVersion: v2\nname: a/b\nversion: 1.0.0\n", "validation: chart.metadata.name \"a/b\" is invalid")]
    [InlineData("apiVersion: v2\nname: x\nversion: latest\n", "validation: chart.metadata.version \"latest\" is invalid")]
    [InlineData("apiVersion: v2\nname: x\nversion: 1.0.0\ntype: plugin\n", "validation: chart.metadata.type must be application or library")]
    [InlineData("apiVersion: v2\nname: x\nversion: 1.0.0\nkeywords: {a: b}\n", "cannot load Chart.yaml: cannot unmarshal object into field \"keywords\" of type []string")]
    [InlineData("name: [unclosed\n", "cannot load Chart.yaml: yaml: line 2: ")]
    public void InvalidMetadataIsRefusedWithHelmsMessage(string chartYaml, string expectedPrefix)
    {
        var archive = ChartArchives.Build("chart", ("Chart.yaml", chartYaml));

        var error = Assert.Throws<HelmException>(() => ChartArchiveReader.ReadMetadata(archive));

        Assert.StartsWith(expectedPrefix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BytesThatAreNotGzipAreRefused()
    {
        var error = Assert.Throws<HelmException>(() => ChartArchiveReader.ReadMetadata("not gzip"u8.ToArray()));

        Assert.Equal("gzip: invalid header", error.Message);
    }
}
