using System.Text;
using FluxMirror.Domain.Charts;
using FluxMirror.TestSupport.Charts;

namespace FluxMirror.Tests.Unit.Domain.Charts;

/// <summary>The config blob must be byte-identical to Helm v4's <c>json.Marshal(chart.Metadata)</c>.</summary>
public sealed class HelmConfigJsonTests
{
    [Fact]
    public void FieldsFollowHelmsStructOrderAndEmptyOnesAreOmitted()
    {
        var json = ConfigFor("""
            type: application
            dependencies:
            - name: redis
              version: ">=17.0.0"
              repository: https://charts.example.com
              condition: redis.enabled
              alias: cache
              import-values:
              - data
              - child: exports.config
                parent: config
            kubeVersion: ">=1.25.0"
            annotations:
              zeta: "1"
              alpha: <a&b>
            deprecated: true
            appVersion: 1.10
            tags: web
            condition: app.enabled
            apiVersion: v2
            icon: https://example.com/icon.png
            maintainers:
            - name: Jane
              email: jane@example.com
            keywords: [web, "http"]
            description: |
              Line one
              line two
            version: 1.2.3
            sources: [https://github.com/example/app]
            home: https://example.com
            name: app
            """);

        var expected = """
            {"name":"app","home":"https://example.com","sources":["https://github.com/example/app"],"version":"1.2.3",
            "description":"Line one line two ","keywords":["web","http"],"maintainers":[{"name":"Jane","email":"jane@example.com"}],
            "icon":"https://example.com/icon.png","apiVersion":"v2","condition":"app.enabled","tags":"web","appVersion":"1.1",
            "deprecated":true,"annotations":{"alpha":"\u003ca\u0026b\u003e","zeta":"1"},"kubeVersion":"\u003e=1.25.0",
            "dependencies":[{"name":"redis","version":"\u003e=17.0.0","repository":"https://charts.example.com",
            "condition":"redis.enabled","import-values":["data",{"child":"exports.config","parent":"config"}],"alias":"cache"}],
            "type":"application"}
            """.ReplaceLineEndings(string.Empty);
        Assert.Equal(expected, json);
    }

    [Fact]
    public void AMinimalChartHasOnlyItsSetFieldsAndApiVersionDefaultsToV1()
    {
        Assert.Equal("""{"name":"tiny","version":"0.1.0","apiVersion":"v1"}""", ConfigFor("name: tiny\nversion: 0.1.0\n"));
    }

    [Fact]
    public void ADependencyKeepsItsNameAndRepositoryEvenWhenEmpty()
    {
        Assert.Equal(
            """{"name":"x","version":"1.0.0","apiVersion":"v2","dependencies":[{"name":"sub","repository":""}]}""",
            ConfigFor("apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies:\n- name: sub\n"));
    }

    [Theory]
    [InlineData("appVersion: 1.10", "1.1")]
    [InlineData("appVersion: 1.0", "1")]
    [InlineData("appVersion: \"1.10\"", "1.10")]
    [InlineData("appVersion: 010", "8")]
    [InlineData("appVersion: 0x1F", "31")]
    [InlineData("appVersion: 1e6", "1e+06")]
    [InlineData("appVersion: yes", "true")]
    [InlineData("appVersion: 2024-01-02", "2024-01-02")]
    [InlineData("appVersion: v1.2.3", "v1.2.3")]
    [InlineData("appVersion: \"tab\there\"", "tab here")]
    public void ScalarsReadIntoStringFieldsLikeGoYaml(string line, string expected)
    {
        var json = ConfigFor($"apiVersion: v2\nname: x\nversion: 1.0.0\n{line}\n");

        Assert.Contains($"\"appVersion\":\"{expected}\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameChartAlwaysSerializesToTheSameBytes()
    {
        var archive = ChartArchives.Chart("same", "1.0.0", extraChartYaml: "annotations:\n  b: \"2\"\n  a: \"1\"\n");

        var first = HelmConfigJson.Serialize(ChartArchiveReader.ReadMetadata(archive));
        var second = HelmConfigJson.Serialize(ChartArchiveReader.ReadMetadata(archive));

        Assert.Equal(first, second);
    }

    private static string ConfigFor(string chartYaml)
    {
        var archive = ChartArchives.Build("chart", ("Chart.yaml", chartYaml), ("values.yaml", "{}\n"));
        return Encoding.UTF8.GetString(HelmConfigJson.Serialize(ChartArchiveReader.ReadMetadata(archive)));
    }
}
