using System.Globalization;
using FluxMirror.Domain.GoCompat;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>Typed reads of YAML values for the config mapper. Every error names the field path and position and
/// never echoes the content of a secret field.</summary>
internal static class YamlValues
{
    public static string? String(YNode? node, string path, bool secret = false)
    {
        switch (node)
        {
            case null or YScalar { IsNull: true }:
                return null;
            case YScalar { Kind: ScalarKind.String } scalar:
                return scalar.Value;
            case YScalar scalar:
                // The reference rejects these too (a JSON number/bool cannot decode into a Go string).
                var what = scalar.Kind == ScalarKind.Bool ? "boolean" : "number";
                var shown = secret ? $"a {what}" : $"{what} {scalar.Value}";
                throw Error(node, path, $"expected a string, got {shown}; quote the value to use it as text");
            default:
                throw TypeError(node, path, "a string", secret);
        }
    }

    public static int? Int(YNode? node, string path)
    {
        switch (node)
        {
            case null or YScalar { IsNull: true }:
                return null;
            case YScalar { Kind: ScalarKind.Int } scalar:
                return TryParseInt(scalar.Value, out var value)
                    ? value
                    : throw Error(node, path, $"integer {GoQuote.Quote(scalar.Value)} is out of range");
            default:
                throw TypeError(node, path, "an integer", secret: false);
        }
    }

    public static bool? Bool(YNode? node, string path) => node switch
    {
        null or YScalar { IsNull: true } => null,
        YScalar { Kind: ScalarKind.Bool } scalar => YamlScalarResolver.IsTrue(scalar.Value),
        _ => throw TypeError(node, path, "a boolean (true or false)", secret: false),
    };

    /// <summary>A Go duration string such as <c>48h</c>; errors carry Go's <c>time: ...</c> text.</summary>
    public static TimeSpan? Duration(YNode? node, string path)
    {
        switch (node)
        {
            case null or YScalar { IsNull: true }:
                return null;
            case YScalar scalar:
                return GoDuration.TryParse(scalar.Value, out var duration, out var error)
                    ? duration
                    : throw Error(node, path, error);
            default:
                throw TypeError(node, path, "a duration string", secret: false);
        }
    }

    public static IReadOnlyList<YNode?> List(YNode? node, string path) => node switch
    {
        null or YScalar { IsNull: true } => [],
        YSequence sequence => sequence.Items,
        _ => throw TypeError(node, path, "a list", secret: false),
    };

    public static ConfigException TypeError(YNode node, string path, string expected, bool secret)
    {
        var got = node switch
        {
            YMapping => "a mapping",
            YSequence => "a list",
            YScalar when secret => "a scalar",
            YScalar { Style: not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any) } s => "string " + GoQuote.Quote(s.Value),
            YScalar s => GoQuote.Quote(s.Value),
            _ => "an unsupported node",
        };
        return Error(node, path, $"expected {expected}, got {got}");
    }

    private static ConfigException Error(YNode node, string path, string what) =>
        new($"parse config: {path}: {what} (line {node.Line}, column {node.Column})");

    private static bool TryParseInt(string text, out int value)
    {
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('-', '+');
        var parsed = digits switch
        {
            _ when digits.StartsWith("0x", StringComparison.Ordinal) =>
                ulong.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex <= long.MaxValue
                    ? (long)hex
                    : (long?)null,
            _ when digits.StartsWith("0o", StringComparison.Ordinal) => ParseOctal(digits[2..]),
            _ => long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null,
        };
        var signed = negative ? -parsed : parsed;
        value = signed is >= int.MinValue and <= int.MaxValue ? (int)signed.Value : 0;
        return signed is >= int.MinValue and <= int.MaxValue;
    }

    private static long? ParseOctal(string digits)
    {
        long result = 0;
        foreach (var c in digits)
        {
            if (result > long.MaxValue / 8)
            {
                return null;
            }

            result = (result * 8) + (c - '0');
        }

        return result;
    }
}
