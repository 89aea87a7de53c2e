using System.Text;

namespace FluxMirror.Domain.Config;

/// <summary>A piece of envsubst input: literal text or a <c>${...}</c> expression.</summary>
internal abstract record EnvPart;

internal sealed record EnvText(string Value) : EnvPart;

/// <param name="Operator">"" for <c>${X}</c>, "#len" for <c>${#X}</c>, else the bash operator (":-", "//", "^^", ":" …).</param>
/// <param name="Args">Operator arguments; each may itself contain expressions, evaluated only when needed.</param>
internal sealed record EnvExpr(string Name, string Operator, IReadOnlyList<IReadOnlyList<EnvPart>> Args) : EnvPart
{
    /// <summary>The expression as written, <c>${...}</c> included: what a message shows instead of its value.</summary>
    public string Source { get; init; } = "";
}

/// <summary>Thrown inside the envsubst implementation to unwind to <see cref="EnvSubst.TrySubstitute"/>.</summary>
internal sealed class EnvSubstError(string message) : Exception(message);

/// <summary>Parses the drone/fluxcd envsubst syntax: only <c>${...}</c> forms are expressions, a bare <c>$x</c> is text,
/// and <c>$$</c> is an escaped <c>$</c> (so <c>$${name}</c> yields a literal <c>${name}</c>, as in fluxcd/pkg/envsubst).</summary>
internal sealed class EnvSubstParser(string text)
{
    private const string BadSubstitution = "bad substitution";
    private const string MissingClosingBrace = "missing closing brace";

    // Nested defaults like ${A:-${B:-...}} recurse; the limit keeps hostile input from exhausting the stack.
    private const int MaxNesting = 32;
    private int _pos;
    private int _nesting;

    // The whole text: "$$" is an escaped "$", "${...}" an expression, everything else literal.
    public IReadOnlyList<EnvPart> ParseTemplate() => ParseParts(terminators: null);

    // Positioned just after "${".
    private EnvExpr ParseExpression()
    {
        if (++_nesting > MaxNesting)
        {
            throw new EnvSubstError($"bad substitution: expressions nested deeper than {MaxNesting} levels");
        }

        var expression = ParseExpressionBody();
        _nesting--;
        return expression;
    }

    private EnvExpr ParseExpressionBody()
    {
        if (Peek(0) == '#')
        {
            _pos++;
            var lengthOf = ReadName();
            if (lengthOf.Length == 0)
            {
                throw new EnvSubstError(BadSubstitution);
            }

            Expect('}');
            return new EnvExpr(lengthOf, "#len", []);
        }

        var name = ReadName();
        if (name.Length == 0)
        {
            throw new EnvSubstError(_pos >= text.Length ? MissingClosingBrace : "unable to parse variable name");
        }

        return Peek(0) switch
        {
            '}' => Close(new EnvExpr(name, "", [])),
            ':' when Peek(1) is '-' or '=' or '+' or '?' => ParseDefault(name, 2),
            ':' => ParseSubstring(name),
            '-' or '=' or '+' or '?' => ParseDefault(name, 1),
            '^' or ',' => Close(new EnvExpr(name, ReadRepeatable(), [])),
            '#' or '%' => ParseRemove(name),
            '/' => ParseReplace(name),
            _ => throw new EnvSubstError(MissingClosingBrace),
        };
    }

    private EnvExpr ParseDefault(string name, int operatorLength)
    {
        var op = text.Substring(_pos, operatorLength);
        _pos += operatorLength;
        var word = ParseWord("}");
        return Close(new EnvExpr(name, op, [word]));
    }

    private EnvExpr ParseSubstring(string name)
    {
        _pos++;
        var args = new List<IReadOnlyList<EnvPart>> { ParseWord(":}") };
        if (Peek(0) == ':')
        {
            _pos++;
            args.Add(ParseWord("}"));
        }

        return Close(new EnvExpr(name, ":", args));
    }

    private EnvExpr ParseRemove(string name)
    {
        var op = ReadRepeatable();
        return Close(new EnvExpr(name, op, [ParseWord("}")]));
    }

    private EnvExpr ParseReplace(string name)
    {
        _pos++;
        var op = "/";
        if (Peek(0) is '/' or '#' or '%')
        {
            op += text[_pos];
            _pos++;
        }

        var pattern = ParseWord("/}");
        IReadOnlyList<EnvPart> replacement = [];
        if (Peek(0) == '/')
        {
            _pos++;
            replacement = ParseWord("}");
        }

        return Close(new EnvExpr(name, op, [pattern, replacement]));
    }

    // An operator argument: text (backslash escapes the next character) and nested ${...}, up to a terminator.
    private IReadOnlyList<EnvPart> ParseWord(string terminators) => ParseParts(terminators);

    // Literal runs and ${...} expressions up to a terminator (or the end). At the top level "$$" escapes a
    // dollar; inside an operator argument a backslash escapes the next character instead.
    private IReadOnlyList<EnvPart> ParseParts(string? terminators)
    {
        var parts = new List<EnvPart>();
        var literal = new StringBuilder();
        while (_pos < text.Length && (terminators is null || !terminators.Contains(text[_pos], StringComparison.Ordinal)))
        {
            var c = text[_pos];
            if (terminators is null && c == '$' && Peek(1) == '$')
            {
                literal.Append('$');
                _pos += 2;
            }
            else if (terminators is not null && c == '\\' && _pos + 1 < text.Length)
            {
                literal.Append(text[_pos + 1]);
                _pos += 2;
            }
            else if (c == '$' && Peek(1) == '{')
            {
                Flush(parts, literal);
                var start = _pos;
                _pos += 2;
                parts.Add(ParseExpression() with { Source = text[start.._pos] });
            }
            else
            {
                literal.Append(c);
                _pos++;
            }
        }

        Flush(parts, literal);
        return parts;
    }

    // "^" or "^^", "," or ",,", "#" or "##", "%" or "%%".
    private string ReadRepeatable()
    {
        var c = text[_pos];
        var length = Peek(1) == c ? 2 : 1;
        _pos += length;
        return new string(c, length);
    }

    private string ReadName()
    {
        var start = _pos;
        while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_'))
        {
            _pos++;
        }

        return text[start.._pos];
    }

    private EnvExpr Close(EnvExpr expression)
    {
        Expect('}');
        return expression;
    }

    private void Expect(char c)
    {
        if (_pos >= text.Length)
        {
            throw new EnvSubstError(MissingClosingBrace);
        }

        if (text[_pos] != c)
        {
            throw new EnvSubstError(BadSubstitution);
        }

        _pos++;
    }

    private char Peek(int offset) => _pos + offset < text.Length ? text[_pos + offset] : '\0';

    private static void Flush(List<EnvPart> parts, StringBuilder literal)
    {
        if (literal.Length > 0)
        {
            parts.Add(new EnvText(literal.ToString()));
            literal.Clear();
        }
    }
}
