using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.Domain.GoCompat;

/// <summary>
/// How Helm's YAML stack (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 rules) types a scalar, and what a Go string
/// field then receives: <c>version: 1.10</c> reads as "1.1", <c>enabled: yes</c> is a boolean, <c>010</c> is octal.
/// Quoted and explicitly tagged <c>!!str</c> scalars are always strings.
/// </summary>
internal static partial class GoYamlScalar
{
    private static readonly HashSet<string> Nulls = ["", "~", "null", "Null", "NULL"];
    private static readonly HashSet<string> Trues = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
    private static readonly HashSet<string> Falses = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

    /// <summary>The Go value: null, bool, BigInteger (ints), double (floats) or string.</summary>
    public static object? Resolve(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        if (node.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || !node.Tag.IsEmpty)
        {
            return node.Tag.IsEmpty || node.Tag.Value is "tag:yaml.org,2002:str" or "!!str" ? text : ResolvePlain(text);
        }

        return ResolvePlain(text);
    }

    /// <summary>What a Go <c>string</c> field gets: scalars are printed back (ints in decimal, floats in float32 form).</summary>
    public static string? ToGoString(YamlScalarNode node) => Resolve(node) switch
    {
        null => null,
        bool b => b ? "true" : "false",
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        double d => GoFloatFormat.General32(d) switch
        {
            "+Inf" => ".inf",
            "-Inf" => "-.inf",
            "NaN" => ".nan",
            var s => s,
        },
        var s => (string)s,
    };

    private static object? ResolvePlain(string text)
    {
        if (Nulls.Contains(text))
        {
            return null;
        }

        if (Trues.Contains(text))
        {
            return true;
        }

        if (Falses.Contains(text))
        {
            return false;
        }

        return text switch
        {
            ".nan" or ".NaN" or ".NAN" => double.NaN,
            ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
            "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
            _ => ResolveNumber(text),
        };
    }

    private static object ResolveNumber(string text)
    {
        if (text.Length == 0 || "+-.0123456789".IndexOf(text[0], StringComparison.Ordinal) < 0 || IsTimestamp(text))
        {
            return text;
        }

        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (TryParseGoInteger(plain, out var integer))
        {
            return integer;
        }

        if ((text[0] == '.' || YamlFloat().IsMatch(plain))
            && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return text;
    }

    // strconv.ParseInt(s, 0, 64) then ParseUint: sign, 0x/0o/0b prefixes, a leading 0 for octal; 64-bit range.
    private static bool TryParseGoInteger(string text, out BigInteger value)
    {
        value = default;
        var negative = text.StartsWith('-');
        var body = text.TrimStart('+', '-');
        if (body.Length == 0 || text.Length - body.Length > 1)
        {
            return false;
        }

        var (radix, digits) = body.Length > 1 && body[0] == '0'
            ? char.ToLowerInvariant(body[1]) switch
            {
                'x' => (16, body[2..]),
                'o' => (8, body[2..]),
                'b' => (2, body[2..]),
                _ => (8, body[1..]),
            }
            : (10, body);
        if (digits.Length == 0)
        {
            return false;
        }

        BigInteger result = 0;
        foreach (var c in digits)
        {
            var digit = HexDigit(c);
            if (digit < 0 || digit >= radix)
            {
                return false;
            }

            result = (result * radix) + digit;
        }

        value = negative ? -result : result;
        return value >= long.MinValue && value <= ulong.MaxValue;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    // go-yaml keeps timestamp-looking plain scalars as strings when the target is not a time.
    private static bool IsTimestamp(string text) => Timestamp().IsMatch(text);

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloat();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();
}
