using System.Globalization;
using System.Text;
using FluxMirror.Domain.Charts;

namespace FluxMirror.Tests.Unit.Domain.Charts;

public sealed class HelmIndexParserTests
{
    [Fact]
    public void InvalidEntriesAreDroppedAndVersionsSortedHighestFirst()
    {
        var index = Parse("""
            apiVersion: v1
            entries:
              web:
              - name: web
                version: 1.0.0
                urls: [web-1.0.0.tgz]
                digest: abc
              -
              - name: web
                version: not-semver
              - version: 3.0.0
              - name: web
                version: 2.0.0
                urls: [https://cdn.example.com/web-2.0.0.tgz]
              - name: web
                version: 1.5.0
                type: plugin
            """);

        var versions = index.Versions("web");
        Assert.NotNull(versions);
        Assert.Equal(["2.0.0", "1.0.0"], versions.Select(v => v.Version));
        Assert.Equal(["https://cdn.example.com/web-2.0.0.tgz"], versions[0].Urls);
        Assert.Equal("abc", versions[1].Digest);
        Assert.Null(index.Versions("other"));
        Assert.Equal("1.0.0", index.Get("web", "1.0.0").Version);
        Assert.Equal("no chart version found for web-9.9.9", Assert.Throws<HelmException>(() => index.Get("web", "9.9.9")).Message);
    }

    [Fact]
    public void JsonIndexesAreAccepted()
    {
        var index = Parse("{\n\t\"apiVersion\": \"v1\",\n\t\"entries\": {\"api\": [{\"name\": \"api\", \"version\": \"0.2.0\", \"urls\": [\"charts\\/api-0.2.0.tgz\"]}]}\n}");

        var version = Assert.Single(index.Versions("api")!);
        Assert.Equal("0.2.0", version.Version);
        Assert.Equal(["charts/api-0.2.0.tgz"], version.Urls);
    }

    [Fact]
    public void AToleratedDuplicateDependencyAliasKeepsTheEntry()
    {
        var index = Parse("apiVersion: v1\nentries:\n  x:\n  - name: x\n    version: 1.0.0\n    dependencies:\n    - name: a\n    - name: a\n");

        Assert.Single(index.Versions("x")!);
    }

    [Theory]
    [InlineData("", "empty index.yaml file")]
    [InlineData("entries: {}\n", "no API version specified")]
    [InlineData("apiVersion: v1\nentries: [1, 2]\n", "cannot unmarshal array into field \"entries\" of type object")]
    public void BrokenIndexesFail(string text, string expected)
    {
        Assert.Equal(expected, Assert.Throws<FormatException>(() => Parse(text)).Message);
    }

    [Fact]
    public void DeeplyNestedDocumentsAreRefusedInsteadOfOverflowingTheStack()
    {
        var text = "apiVersion: v1\nx: " + new string('[', 5000) + new string(']', 5000) + "\n";

        Assert.Contains("nested deeper than", Assert.Throws<FormatException>(() => Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIndexReusingOneAliasThousandsOfTimesIsRefusedQuickly()
    {
        // ~100 KB: one version with 5 000 copies of a dependency, listed 5 000 times. Expanded, that is 25 million
        // dependencies; the budget refuses it while reading the text, before the parser walks anything.
        var text = BombIndex(copies: 5000);
        Assert.InRange(text.Length, 80_000, 120_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<FormatException>(() => Parse(text));

        clock.Stop();
        Assert.Equal("yaml: document contains excessive aliasing", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"refused after {clock.Elapsed}");
    }

    [Fact]
    public void ModestAliasingIsStillAccepted()
    {
        // 50 versions sharing one dependency list: a real index can do this and go-yaml accepts it.
        var text = new StringBuilder("apiVersion: v1\nentries:\n  web:\n");
        text.Append("  - name: web\n    version: 1.0.0\n    dependencies: &deps\n    - {name: a, version: 1.0.0}\n    - {name: b, version: 1.0.0}\n");
        for (var i = 1; i < 50; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: web\n    version: 1.{i}.0\n    dependencies: *deps\n");
        }

        Assert.Equal(50, Parse(text.ToString()).Versions("web")!.Count);
    }

    private static string BombIndex(int copies)
    {
        var text = new StringBuilder("apiVersion: v1\nentries:\n  bomb:\n  - &v\n    name: bomb\n    version: 1.0.0\n    dependencies:\n");
        text.Append("    - &d {name: dep, version: 1.0.0}\n");
        for (var i = 1; i < copies; i++)
        {
            text.Append("    - *d\n");
        }

        for (var i = 1; i < copies; i++)
        {
            text.Append("  - *v\n");
        }

        return text.ToString();
    }

    private static HelmIndex Parse(string text) => HelmIndexParser.Parse(Encoding.UTF8.GetBytes(text));
}
