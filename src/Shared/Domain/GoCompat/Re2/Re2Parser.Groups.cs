namespace FluxMirror.Domain.GoCompat.Re2;

/// <summary>Groups, flag groups and backslash sequences of the RE2 parser.</summary>
internal sealed partial class Re2Parser
{
    // (?flags), (?flags:…), (?P<name>…) and (?<name>…); everything else after "(?" is unsupported Perl syntax.
    private void ParsePerlFlags()
    {
        int remaining = pattern.Length - pos;
        bool startsWithP = remaining > 4 && pattern[pos + 2] == 'P' && pattern[pos + 3] == '<';
        bool startsWithName = remaining > 3 && pattern[pos + 2] == '<';
        if (startsWithP || startsWithName)
        {
            OpenNamedGroup(startsWithP ? pos + 4 : pos + 3);
            return;
        }

        int t = pos + 2;
        var newFlags = flags;
        bool negating = false, sawFlag = false;
        while (t < pattern.Length)
        {
            int c = Re2Lexer.NextRune(pattern, ref t);
            switch (c)
            {
                case 'i':
                    newFlags = Set(newFlags, Re2Flags.FoldCase, !negating);
                    sawFlag = true;
                    continue;
                case 'm':
                    newFlags = Set(newFlags, Re2Flags.OneLine, negating);
                    sawFlag = true;
                    continue;
                case 's':
                    newFlags = Set(newFlags, Re2Flags.DotNL, !negating);
                    sawFlag = true;
                    continue;
                case 'U':
                    newFlags = Set(newFlags, Re2Flags.NonGreedy, !negating);
                    sawFlag = true;
                    continue;
                case '-' when !negating:
                    negating = true;
                    sawFlag = false;
                    continue;
                case ':' or ')' when !negating || sawFlag:
                    if (c == ':')
                    {
                        frames.Add(new Re2GroupFrame(flags, 0, null));
                    }
                    flags = newFlags;
                    pos = t;
                    return;
            }
            break;
        }
        throw new Re2SyntaxException(Re2ErrorCode.InvalidPerlOp, pattern[pos..t]);
    }

    private static Re2Flags Set(Re2Flags current, Re2Flags flag, bool on) => on ? current | flag : current & ~flag;

    private void OpenNamedGroup(int nameStart)
    {
        int end = pattern.IndexOf('>', pos);
        if (end < 0)
        {
            Re2Lexer.CheckUtf8(pattern, pos, pattern.Length);
            throw new Re2SyntaxException(Re2ErrorCode.InvalidNamedCapture, pattern[pos..]);
        }
        string name = pattern[nameStart..end];
        Re2Lexer.CheckUtf8(name, 0, name.Length);
        if (name.Length == 0 || !name.All(c => c == '_' || Re2Lexer.IsAsciiAlnum(c)))
        {
            throw new Re2SyntaxException(Re2ErrorCode.InvalidNamedCapture, pattern[pos..(end + 1)]);
        }
        frames.Add(new Re2GroupFrame(flags, ++captures, name));
        pos = end + 1;
    }

    private void CloseGroup()
    {
        if (frames.Count == 1)
        {
            throw new Re2SyntaxException(Re2ErrorCode.UnexpectedParen, pattern);
        }
        var frame = frames[^1];
        frames.RemoveAt(frames.Count - 1);
        flags = frame.OuterFlags;
        var body = frame.Build();
        var node = frame.CaptureIndex > 0 ? new CaptureNode(frame.CaptureIndex, frame.Name, body) : body;
        CheckHeight(node);
        Push(node);
    }

    private void CheckHeight(Re2Node node)
    {
        if (node.Height > MaxHeight)
        {
            throw new Re2SyntaxException(Re2ErrorCode.NestingDepth, pattern);
        }
    }

    private void ParseBackslash()
    {
        if (pos + 1 < pattern.Length)
        {
            AssertionKind? assertion = pattern[pos + 1] switch
            {
                'A' => AssertionKind.BeginText,
                'z' => AssertionKind.EndText,
                'b' => AssertionKind.WordBoundary,
                'B' => AssertionKind.NoWordBoundary,
                _ => null,
            };
            if (assertion is not null)
            {
                Push(new AssertionNode(assertion.Value));
                pos += 2;
                return;
            }
            switch (pattern[pos + 1])
            {
                case 'C':
                    // \C (any byte) cannot work on runes; RE2 rejects it too.
                    throw new Re2SyntaxException(Re2ErrorCode.InvalidEscape, pattern[pos..(pos + 2)]);
                case 'Q':
                    ParseQuotedLiteral();
                    return;
            }
        }
        if (Re2ClassParser.StartsUnicodeClass(pattern, pos))
        {
            Push(new ClassNode(Re2ClassParser.ParseUnicodeClass(pattern, ref pos, FoldCase)));
            return;
        }
        if (Re2ClassParser.StartsPerlClass(pattern, pos))
        {
            Push(new ClassNode(Re2ClassParser.ParsePerlClass(pattern, ref pos, FoldCase)));
            return;
        }
        PushLiteral(Re2Lexer.ParseEscape(pattern, ref pos));
    }

    // \Q…\E: everything up to \E (or the end) is literal text.
    private void ParseQuotedLiteral()
    {
        int start = pos + 2;
        int end = pattern.IndexOf(@"\E", start, StringComparison.Ordinal);
        int stop = end < 0 ? pattern.Length : end;
        for (int t = start; t < stop;)
        {
            PushLiteral(Re2Lexer.NextRune(pattern, ref t));
        }
        pos = end < 0 ? pattern.Length : end + 2;
    }
}
