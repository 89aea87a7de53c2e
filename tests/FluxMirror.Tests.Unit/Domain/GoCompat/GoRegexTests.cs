using FluxMirror.Domain.GoCompat.Re2;

namespace FluxMirror.Tests.Unit.Domain.GoCompat;

public sealed class GoRegexTests
{
    private static GoRegex Compile(string pattern)
    {
        Assert.True(GoRegex.TryCompile(pattern, out var regex, out string error), error);
        return regex;
    }

    [Theory]
    [InlineData(@"(?P<x>\d+)-(?P<y>\d+)", "a12-34", "$y/$x", "34/12")]
    [InlineData(@"(?<x>\d+)", "v42", "${x}", "42")] // Go 1.22+ also accepts the (?<name>) spelling.
    [InlineData(@"(a)|(b)", "b", "[$1][$2]", "[][b]")]
    [InlineData(@"(?P<n>a)|(?P<n>b)", "b", "$n", "b")] // duplicate names: the first one that matched
    public void ExpandUsesGoGroupNamesAndNumbers(string pattern, string input, string template, string expected)
    {
        var regex = Compile(pattern);
        var match = regex.FindSubmatchIndex(input);

        Assert.NotNull(match);
        Assert.Equal(expected, regex.Expand(template, input, match));
    }

    [Theory]
    [InlineData(@"\d", "\u0663")] // ARABIC-INDIC DIGIT THREE: \d is ASCII-only in RE2
    [InlineData(@"\w", "\u00e9")]
    [InlineData(@"\s", "\u00a0")]
    [InlineData(@"^a$", "a\n")] // '$' without (?m) is the very end of the text
    [InlineData(@"^[[:digit:]]+$", "\u0663")]
    public void DoesNotMatchWhatGoDoesNotMatch(string pattern, string input) =>
        Assert.False(Compile(pattern).IsMatch(input));

    [Theory]
    [InlineData(@"(?m)^a$", "a\nb")]
    [InlineData(@"(?i)KUBE", "kube")]
    [InlineData(@"(?i)k", "\u212a")] // KELVIN SIGN folds to k in Go
    [InlineData(@"(?s)a.b", "a\nb")]
    [InlineData(@"\pL+\z", "\u03b1\u03b2")]
    [InlineData(@"^\p{Greek}$", "\u03a9")]
    [InlineData(@"\Qa.b\E", "xa.b")]
    [InlineData(@"\x{1F600}", "\U0001F600")]
    [InlineData(@"^.$", "\U0001F600")] // '.' is one code point, not one UTF-16 unit
    [InlineData(@"[[:alpha:]]", "x")]
    [InlineData(@"\bfoo\b", "a foo b")]
    public void MatchesWhatGoMatches(string pattern, string input) => Assert.True(Compile(pattern).IsMatch(input));

    [Theory]
    [InlineData(@"k?[aA]", "kxAa", 2, 3)] // .NET 10 NonBacktracking reports 3..4 here
    [InlineData(@"a+", "baaab", 1, 4)]
    [InlineData(@"a*?b", "aab", 0, 3)]
    [InlineData(@"(?U)a+", "aaa", 0, 1)]
    [InlineData(@"x*", "abc", 0, 0)]
    public void FindsTheLeftmostFirstMatch(string pattern, string input, int start, int end)
    {
        var match = Compile(pattern).FindSubmatchIndex(input);

        Assert.NotNull(match);
        Assert.Equal((start, end), (match[0], match[1]));
    }

    [Fact]
    public void EmptyLoopIterationsDoNotOverwriteCapturesLikeInGo()
    {
        var match = Compile("(a*)*").FindSubmatchIndex("a");

        Assert.NotNull(match);
        Assert.Equal([0, 1, 0, 1], match);
    }

    [Fact]
    public void FindAllReturnsSuccessiveMatches()
    {
        var matches = Compile(@"\d+").FindAllSubmatchIndex("a1b22c333");

        Assert.Equal(["1", "22", "333"], matches.Select(m => GoRegex.Group("a1b22c333", m, 0)));
    }

    [Fact(Timeout = 5000)]
    public async Task HostilePatternRunsInLinearTime()
    {
        string input = new string('a', 50_000) + "!";
        var regex = Compile("(a+)+$");

        bool matched = await Task.Run(() => regex.IsMatch(input), TestContext.Current.CancellationToken);

        Assert.False(matched);
    }
}
