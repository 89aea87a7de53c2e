using System.Globalization;
using System.Text;
using FluxMirror.Registry.Model;

namespace FluxMirror.Domain.Config;

/// <summary>Strict environment substitution over raw config text, compatible with fluxcd/pkg/envsubst
/// (drone/envsubst fork): only <c>${...}</c> is substituted, an unset variable is an error unless a
/// default-style operator (<c>:- - := = :+ + :? ?</c>) handles it, and a set-but-empty variable is fine.</summary>
public static class EnvSubst
{
    /// <param name="getEnv">Variable lookup; null means unset.</param>
    /// <param name="error">The reason without the <c>substitute environment variables: </c> prefix,
    /// e.g. <c>variable not set (strict mode): "NAME"</c>.</param>
    public static bool TrySubstitute(string text, Func<string, string?> getEnv, out string result, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(getEnv);
        try
        {
            var parts = new EnvSubstParser(text).ParseTemplate();
            result = Evaluate(parts, getEnv);
            error = "";
            return true;
        }
        catch (EnvSubstError e)
        {
            result = text;
            error = e.Message;
            return false;
        }
    }

    private static string Evaluate(IReadOnlyList<EnvPart> parts, Func<string, string?> getEnv)
    {
        if (parts.Count == 1 && parts[0] is EnvText only)
        {
            return only.Value;
        }

        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            sb.Append(part switch
            {
                EnvText t => t.Value,
                EnvExpr e => EvaluateExpression(e, getEnv),
                _ => "",
            });
        }

        return sb.ToString();
    }

    private static string EvaluateExpression(EnvExpr e, Func<string, string?> getEnv)
    {
        var value = getEnv(e.Name);
        string Arg(int i) => Evaluate(e.Args[i], getEnv);

        // The default-style operators are exactly the ones allowed to see an unset variable.
        switch (e.Operator)
        {
            case ":-" or ":=":
                return string.IsNullOrEmpty(value) ? Arg(0) : value;
            case "-" or "=":
                return value ?? Arg(0);
            case ":+":
                return string.IsNullOrEmpty(value) ? "" : Arg(0);
            case "+":
                return value is null ? "" : Arg(0);
            case ":?":
                return string.IsNullOrEmpty(value) ? throw Required(e.Name, Arg(0)) : value;
            case "?":
                return value ?? throw Required(e.Name, Arg(0));
        }

        if (value is null)
        {
            throw new EnvSubstError("variable not set (strict mode): " + GoQuote.Quote(e.Name));
        }

        return e.Operator switch
        {
            "" => value,
            "#len" => value.EnumerateRunes().Count().ToString(CultureInfo.InvariantCulture),
            "^" => EnvSubstFunctions.MapFirst(value, upper: true),
            "^^" => value.ToUpperInvariant(),
            "," => EnvSubstFunctions.MapFirst(value, upper: false),
            ",," => value.ToLowerInvariant(),
            ":" => EnvSubstFunctions.Substring(e.Name, value, Arg(0), e.Args.Count > 1 ? Arg(1) : null),
            "#" => EnvSubstFunctions.TrimPrefix(value, Arg(0), longest: false),
            "##" => EnvSubstFunctions.TrimPrefix(value, Arg(0), longest: true),
            "%" => EnvSubstFunctions.TrimSuffix(value, Arg(0), longest: false),
            "%%" => EnvSubstFunctions.TrimSuffix(value, Arg(0), longest: true),
            "/" or "//" or "/#" or "/%" => EnvSubstFunctions.Replace(e.Operator, value, Arg(0), Arg(1)),
            _ => throw new EnvSubstError("bad substitution"),
        };
    }

    private static EnvSubstError Required(string name, string message) =>
        new($"{name}: {(message.Length == 0 ? "parameter null or not set" : message)}");
}
