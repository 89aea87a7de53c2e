using System.Text;
using System.Text.RegularExpressions;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Reporting;

/// <summary>
/// Renders the report the way the reference does (JSON → map → yaml.v2): keys sorted
/// alphabetically at every level, sequences not indented under their key, and strings that
/// would read back as another type double-quoted. No <c>$schema</c>.
/// </summary>
public static partial class YamlReportWriter
{
    public static string Render(SyncReport report)
    {
        var sb = new StringBuilder();
        WriteMap(sb, ReportTree.Envelope(report, includeSchema: false), indent: 0, firstLinePrefix: null);
        return sb.ToString();
    }

    private static void WriteMap(StringBuilder sb, ReportTree.Map map, int indent, string? firstLinePrefix)
    {
        var first = true;
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var prefix = first && firstLinePrefix is not null ? firstLinePrefix : new string(' ', indent);
            first = false;
            switch (value)
            {
                case ReportTree.Map child when child.Count == 0:
                    sb.Append(prefix).Append(key).Append(": {}\n");
                    break;
                case ReportTree.Map child:
                    sb.Append(prefix).Append(key).Append(":\n");
                    WriteMap(sb, child, indent + 2, null);
                    break;
                case IEnumerable<object> list when !list.Any():
                    sb.Append(prefix).Append(key).Append(": []\n");
                    break;
                case IEnumerable<object> list:
                    sb.Append(prefix).Append(key).Append(":\n");
                    WriteList(sb, list, indent);
                    break;
                default:
                    sb.Append(prefix).Append(key).Append(": ").Append(Scalar(value)).Append('\n');
                    break;
            }
        }
    }

    private static void WriteList(StringBuilder sb, IEnumerable<object> list, int indent)
    {
        foreach (var item in list)
        {
            var dash = new string(' ', indent) + "- ";
            if (item is ReportTree.Map map)
            {
                WriteMap(sb, map, indent + 2, dash);
            }
            else
            {
                sb.Append(dash).Append(Scalar(item)).Append('\n');
            }
        }
    }

    private static string Scalar(object value) => value switch
    {
        long n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string s => NeedsQuotes(s) ? GoQuote.Quote(s) : s,
        _ => throw new InvalidOperationException($"unsupported report node {value.GetType().Name}"),
    };

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]))
        {
            return true;
        }

        // Indicators that cannot start a plain scalar, and sequences that end one early.
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0]) && !(s[0] == '-' && s.Length > 1 && s[1] != ' ' && !NonString().IsMatch(s)))
        {
            return true;
        }

        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':') || s.Any(char.IsControl))
        {
            return true;
        }

        return NonString().IsMatch(s);
    }

    // Plain scalars YAML 1.1 would resolve to bool, null, int, float or timestamp.
    [GeneratedRegex(@"^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|[0-9][0-9_]*)|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?)$")]
    private static partial Regex NonString();
}
