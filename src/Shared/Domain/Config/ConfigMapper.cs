using FluxMirror.Domain.Reporting;
using FluxMirror.Domain.Selection;

namespace FluxMirror.Domain.Config;

/// <summary>Maps the YAML tree onto the config model by hand (not a deserializer) so that field names match
/// case-insensitively and every unknown field or wrong type is reported with its full path.</summary>
internal static class ConfigMapper
{
    public static MirrorConfig Map(YNode root, string baseDirectory)
    {
        if (root is not YMapping)
        {
            var got = root is YSequence ? "a sequence" : "a scalar";
            throw new ConfigException($"parse config: expected a mapping at the top level, got {got}");
        }

        var top = YamlFields.Required(root, "", "apiVersion", "kind", "hosts", "artifacts", "charts");
        return new MirrorConfig(
            YamlValues.String(top["apiVersion"], "apiVersion") ?? "",
            YamlValues.String(top["kind"], "kind") ?? "",
            MapList(top, "hosts", HostMapper.MapHost),
            MapList(top, "artifacts", MapArtifact),
            MapList(top, "charts", MapChart),
            baseDirectory);
    }

    internal static IReadOnlyList<T> MapList<T>(YamlFields parent, string name, Func<YNode?, string, T> map)
    {
        var path = parent.PathOf(name);
        return YamlValues.List(parent[name], path).Select((item, i) => map(item, $"{path}[{i}]")).ToArray();
    }

    private static ArtifactEntry MapArtifact(YNode? node, string path)
    {
        var f = YamlFields.Required(node, path, "source", "destination", "selector", "includeReferrers", "overwrite", "verify");
        var selector = YamlFields.Required(f["selector"], f.PathOf("selector"), "regex", "semver", "sortBy", "limit");
        var sortByText = YamlValues.String(selector["sortBy"], selector.PathOf("sortBy"));
        return new ArtifactEntry(
            YamlValues.String(f["source"], f.PathOf("source")) ?? "",
            YamlValues.String(f["destination"], f.PathOf("destination")) ?? "",
            new SelectorSpec(
                MapRegex(selector),
                YamlValues.String(selector["semver"], selector.PathOf("semver")),
                ParseSortOrder(sortByText) ?? SortOrder.Semver,
                YamlValues.Int(selector["limit"], selector.PathOf("limit"))),
            YamlValues.Bool(f["includeReferrers"], f.PathOf("includeReferrers")) ?? false,
            YamlValues.Bool(f["overwrite"], f.PathOf("overwrite")) ?? false,
            MapVerify(f),
            sortByText);
    }

    /// <summary>Exact, case-sensitive names like the reference; blank means the default; anything else is null
    /// and left for validation to report with the raw text.</summary>
    internal static SortOrder? ParseSortOrder(string? text) => text switch
    {
        null => SortOrder.Semver,
        _ when string.IsNullOrWhiteSpace(text) => SortOrder.Semver,
        "semver" => SortOrder.Semver,
        "alphabetical" => SortOrder.Alphabetical,
        "numerical" => SortOrder.Numerical,
        _ => null,
    };

    private static RegexSpec? MapRegex(YamlFields selector)
    {
        var regex = YamlFields.Optional(selector["regex"], selector.PathOf("regex"), "pattern", "extract");
        return regex is null
            ? null
            : new RegexSpec(
                YamlValues.String(regex["pattern"], regex.PathOf("pattern")) ?? "",
                YamlValues.String(regex["extract"], regex.PathOf("extract")));
    }

    private static VerifySpec? MapVerify(YamlFields artifact)
    {
        var verify = YamlFields.Optional(artifact["verify"], artifact.PathOf("verify"), "provider", "matchOIDCIdentity", "minAge");
        if (verify is null)
        {
            return null;
        }

        var identities = MapList(verify, "matchOIDCIdentity", (node, path) =>
        {
            var id = YamlFields.Required(node, path, "issuer", "subject");
            return new OidcIdentity(
                YamlValues.String(id["issuer"], id.PathOf("issuer")) ?? "",
                YamlValues.String(id["subject"], id.PathOf("subject")) ?? "");
        });
        return new VerifySpec(
            YamlValues.String(verify["provider"], verify.PathOf("provider")) ?? "",
            identities,
            YamlValues.Duration(verify["minAge"], verify.PathOf("minAge")));
    }

    private static ChartEntry MapChart(YNode? node, string path)
    {
        var f = YamlFields.Required(node, path, "name", "source", "destination", "version", "limit", "overwrite");
        return new ChartEntry(
            YamlValues.String(f["name"], f.PathOf("name")) ?? "",
            YamlValues.String(f["source"], f.PathOf("source")) ?? "",
            YamlValues.String(f["destination"], f.PathOf("destination")) ?? "",
            YamlValues.String(f["version"], f.PathOf("version")),
            YamlValues.Int(f["limit"], f.PathOf("limit")),
            YamlValues.Bool(f["overwrite"], f.PathOf("overwrite")) ?? false);
    }
}
