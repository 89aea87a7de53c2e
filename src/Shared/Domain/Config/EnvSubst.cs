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
    public static bool TrySubstitute(string text, Func<string, string?> getEnv, out string result, out string error) =>
        TrySubstitute(text, getEnv, out result, out _, out error);

    /// <param name="substitutions">Each top-level expression as written and the text it became, so messages about the
    /// result can show <c>${NAME}</c> instead of a value that may be a secret.</param>
    public static bool TrySubstitute(
        string text, Func<string, string?> getEnv, out string result, out IReadOnlyList<EnvSubstitution> substitutions, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(getEnv);
        try
        {
            var parts = new EnvSubstParser(text).ParseTemplate();
            var done = new List<EnvSubstitution>();
            var sb = new StringBuilder();
            foreach (var part in parts)
            {
                if (part is EnvExpr e)
                {
                    var value = EvaluateExpression(e, getEnv);
                    done.Add(new EnvSubstitution(e.Source, value));
                    sb.Append(value);
                }
                else if (part is EnvText t)
                {
                    sb.Append(t.Value);
                }
            }

            result = sb.ToString();
            substitutions = done;
            error = "";
            return true;
        }
        catch (EnvSubstError e)
        {
            result = text;
            substitutions = [];
            error = e.Message;
            return false;
        }
    }

    /// <summary>Every variable name the text refers to, in operator arguments too (whether or not they would be evaluated).</summary>
    /// <returns>False with the parse error when the text is not valid envsubst input.</returns>
    public static bool TryListNames(string text, out IReadOnlyList<EnvReference> references, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var found = new List<EnvReference>();
            Collect(new EnvSubstParser(text).ParseTemplate(), found);
            references = found;
            error = "";
            return true;
        }
        catch (EnvSubstError e)
        {
            references = [];
            error = e.Message;
            return false;
        }
    }

    /// <summary>True when the text is one or more plain <c>${NAME}</c> expressions and nothing else: no literal text, no
    /// operator (a default is literal text too).</summary>
    public static bool IsPlainReference(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var parts = new EnvSubstParser(text).ParseTemplate();
            return parts.Count > 0 && parts.All(p => p is EnvExpr { Operator: "" });
        }
        catch (EnvSubstError)
        {
            return false;
        }
    }

    private static void Collect(IReadOnlyList<EnvPart> parts, List<EnvReference> found)
    {
        foreach (var e in parts.OfType<EnvExpr>())
        {
            found.Add(new EnvReference(e.Name, e.Source));
            foreach (var arg in e.Args)
            {
                Collect(arg, found);
            }
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

/// <summary>A substituted expression: as written (<c>${NAME}</c>) and the text it became.</summary>
public sealed record EnvSubstitution(string Source, string Value)
{
    public override string ToString() => Source;
}

/// <summary>A variable a config refers to, and the expression that names it as written.</summary>
public sealed record EnvReference(string Name, string Source);
