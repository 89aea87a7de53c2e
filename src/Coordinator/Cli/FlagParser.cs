using System.Globalization;
using FluxMirror.Domain.GoCompat;

namespace FluxMirror.Coordinator.Cli;

/// <summary>
/// Parses arguments the way cobra/pflag do, so scripts written for <c>flux mirror</c> keep working:
/// <c>--name value</c>, <c>--name=value</c>, <c>-x value</c>, <c>-xvalue</c>, bools without a value,
/// <c>--</c> ends flags, and the same error texts for unknown flags and bad values.
/// </summary>
public static class FlagParser
{
    public static ParsedArgs Parse(IReadOnlyList<Flag> definitions, IReadOnlyList<string> args)
    {
        var byName = definitions.ToDictionary(f => f.Name);
        var byShort = definitions.Where(f => f.Shorthand is not null).ToDictionary(f => f.Shorthand!.Value);
        var values = new Dictionary<string, List<string>>();
        var positionals = new List<string>();

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var body = arg[2..];
                var eq = body.IndexOf('=');
                var name = eq >= 0 ? body[..eq] : body;
                if (!byName.TryGetValue(name, out var flag))
                {
                    throw new CliException($"unknown flag: --{name}");
                }

                string? inline = eq >= 0 ? body[(eq + 1)..] : null;
                var value = inline ?? (flag.Kind == FlagKind.Bool ? "true" : Next(args, ref i, $"flag needs an argument: --{name}"));
                Set(values, flag, value);
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                ParseShorthands(arg, args, ref i, byShort, values);
            }
            else
            {
                positionals.Add(arg);
            }
        }

        return new ParsedArgs(byName, values, positionals);
    }

    private static void ParseShorthands(string arg, IReadOnlyList<string> args, ref int i, Dictionary<char, Flag> byShort, Dictionary<string, List<string>> values)
    {
        for (var j = 1; j < arg.Length; j++)
        {
            var c = arg[j];
            if (!byShort.TryGetValue(c, out var flag))
            {
                throw new CliException($"unknown shorthand flag: '{c}' in {arg}");
            }

            var rest = arg[(j + 1)..];
            if (flag.Kind == FlagKind.Bool)
            {
                if (rest.StartsWith('='))
                {
                    Set(values, flag, rest[1..]);
                    return;
                }

                Set(values, flag, "true");
                continue;
            }

            var value = rest.Length > 0 ? rest.TrimStart('=') : Next(args, ref i, $"flag needs an argument: '{c}' in -{c}");
            Set(values, flag, value);
            return;
        }
    }

    private static string Next(IReadOnlyList<string> args, ref int i, string error)
    {
        if (i + 1 >= args.Count)
        {
            throw new CliException(error);
        }

        return args[++i];
    }

    private static void Set(Dictionary<string, List<string>> values, Flag flag, string value)
    {
        var normalized = flag.Kind switch
        {
            FlagKind.Bool => ParseBool(flag, value),
            FlagKind.Int => ParseInt(flag, value),
            FlagKind.Duration => ParseDuration(flag, value),
            _ => value,
        };
        if (!values.TryGetValue(flag.Name, out var list))
        {
            values[flag.Name] = list = [];
        }

        if (flag.Kind != FlagKind.StringList)
        {
            list.Clear();
        }

        list.Add(normalized);
    }

    private static string Invalid(Flag flag, string value, string why)
    {
        var label = flag.Shorthand is { } s ? $"-{s}, --{flag.Name}" : $"--{flag.Name}";
        return $"invalid argument \"{value}\" for \"{label}\" flag: {why}";
    }

    private static string ParseBool(Flag flag, string value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => "true",
        "0" or "f" or "F" or "FALSE" or "false" or "False" => "false",
        _ => throw new CliException(Invalid(flag, value, $"strconv.ParseBool: parsing \"{value}\": invalid syntax")),
    };

    private static string ParseInt(Flag flag, string value)
    {
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw new CliException(Invalid(flag, value, $"strconv.ParseInt: parsing \"{value}\": invalid syntax"));
        }

        if (n is > int.MaxValue or < int.MinValue)
        {
            throw new CliException(Invalid(flag, value, $"strconv.ParseInt: parsing \"{value}\": value out of range"));
        }

        return n.ToString(CultureInfo.InvariantCulture);
    }

    private static string ParseDuration(Flag flag, string value) =>
        GoDuration.TryParse(value, out _) ? value : throw new CliException(Invalid(flag, value, $"time: invalid duration \"{value}\""));
}
