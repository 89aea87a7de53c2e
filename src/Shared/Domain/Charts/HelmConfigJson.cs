using System.Text;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Domain.Charts;

/// <summary>
/// The OCI config blob of a Helm chart: <c>json.Marshal(chart.Metadata)</c> as Helm v4 produces it — Go struct field
/// order, <c>omitempty</c> everywhere except a dependency's name and repository — so the same chart always yields the
/// same config digest.
/// </summary>
internal static class HelmConfigJson
{
    public static byte[] Serialize(ChartMetadata md)
    {
        var json = new ObjectWriter(new StringBuilder());
        json.String("name", md.Name)
            .String("home", md.Home)
            .Strings("sources", md.Sources)
            .String("version", md.Version)
            .String("description", md.Description)
            .Strings("keywords", md.Keywords)
            .Array("maintainers", md.Maintainers, WriteMaintainer)
            .String("icon", md.Icon)
            .String("apiVersion", md.ApiVersion)
            .String("condition", md.Condition)
            .String("tags", md.Tags)
            .String("appVersion", md.AppVersion)
            .Bool("deprecated", md.Deprecated)
            .Map("annotations", md.Annotations)
            .String("kubeVersion", md.KubeVersion)
            .Array("dependencies", md.Dependencies, WriteDependency)
            .String("type", md.Type);
        return Encoding.UTF8.GetBytes(json.Close());
    }

    private static void WriteMaintainer(StringBuilder sb, ChartMaintainer maintainer) =>
        sb.Append(new ObjectWriter(new StringBuilder())
            .String("name", maintainer.Name)
            .String("email", maintainer.Email)
            .String("url", maintainer.Url)
            .Close());

    private static void WriteDependency(StringBuilder sb, ChartDependency dependency) =>
        sb.Append(new ObjectWriter(new StringBuilder())
            .String("name", dependency.Name, omitEmpty: false)
            .String("version", dependency.Version)
            .String("repository", dependency.Repository, omitEmpty: false)
            .String("condition", dependency.Condition)
            .Strings("tags", dependency.Tags)
            .Bool("enabled", dependency.Enabled)
            .Values("import-values", dependency.ImportValues)
            .String("alias", dependency.Alias)
            .Strings("depends-on", dependency.DependsOn)
            .Close());

    /// <summary>Writes one JSON object member by member, skipping empty values the way <c>omitempty</c> does.</summary>
    private sealed class ObjectWriter(StringBuilder sb)
    {
        private bool _hasMembers;

        public ObjectWriter String(string name, string value, bool omitEmpty = true) =>
            omitEmpty && value.Length == 0 ? this : Member(name, () => GoJsonWriter.AppendString(sb, value));

        public ObjectWriter Bool(string name, bool value) => value ? Member(name, () => sb.Append("true")) : this;

        public ObjectWriter Strings(string name, IReadOnlyList<string>? values) =>
            Array(name, values, (b, value) => GoJsonWriter.AppendString(b, value));

        public ObjectWriter Values(string name, IReadOnlyList<object?>? values) =>
            Array(name, values, GoJsonWriter.AppendValue);

        public ObjectWriter Map(string name, IReadOnlyDictionary<string, string>? map) =>
            map is null || map.Count == 0 ? this : Member(name, () => GoJsonWriter.AppendMap(sb, map));

        /// <summary>Null items are written as <c>null</c>, as Go does for nil pointers in a slice.</summary>
        public ObjectWriter Array<T>(string name, IReadOnlyList<T?>? items, Action<StringBuilder, T> writeItem)
            where T : class =>
            items is null || items.Count == 0 ? this : Member(name, () =>
            {
                sb.Append('[');
                for (var i = 0; i < items.Count; i++)
                {
                    sb.Append(i == 0 ? string.Empty : ",");
                    if (items[i] is { } item)
                    {
                        writeItem(sb, item);
                    }
                    else
                    {
                        sb.Append("null");
                    }
                }

                sb.Append(']');
            });

        public string Close() => (_hasMembers ? sb : sb.Append('{')).Append('}').ToString();

        private ObjectWriter Member(string name, Action writeValue)
        {
            sb.Append(_hasMembers ? ',' : '{');
            _hasMembers = true;
            GoJsonWriter.AppendString(sb, name);
            sb.Append(':');
            writeValue();
            return this;
        }
    }
}
