using FluxMirror.Domain.GoCompat.Re2;

namespace FluxMirror.Tests.Unit.Domain.GoCompat;

public sealed class Re2RegexTests
{
    [Theory]
    [InlineData("(?=x)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("a(?!b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`")]
    [InlineData("(?<=a)b", "error parsing regexp: invalid named capture: `(?<=a)b`")]
    [InlineData("(?>a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?>`")]
    [InlineData(@"(a)\1", @"error parsing regexp: invalid escape sequence: `\1`")]
    [InlineData(@"a\Z", @"error parsing regexp: invalid escape sequence: `\Z`")]
    [InlineData("(abc", "error parsing regexp: missing closing ): `(abc`")]
    [InlineData("abc)", "error parsing regexp: unexpected ): `abc)`")]
    [InlineData("[abc", "error parsing regexp: missing closing ]: `[abc`")]
    [InlineData("a*+", "error parsing regexp: invalid nested repetition operator: `*+`")]
    [InlineData("a{1001}", "error parsing regexp: invalid repeat count: `{1001}`")]
    [InlineData("(a{100}){11}", "error parsing regexp: invalid repeat count: `{11}`")]
    [InlineData("*a", "error parsing regexp: missing argument to repetition operator: `*`")]
    [InlineData("[z-a]", "error parsing regexp: invalid character class range: `z-a`")]
    [InlineData(@"\p{Klingon}", @"error parsing regexp: invalid character class range: `\p{Klingon}`")]
    [InlineData("[[:foo:]]", "error parsing regexp: invalid character class range: `[:foo:]`")]
    [InlineData("(?P<a-b>x)", "error parsing regexp: invalid named capture: `(?P<a-b>`")]
    [InlineData(@"a\", "error parsing regexp: trailing backslash at end of expression: ``")]
    public void RejectsWhatRe2RejectsWithGoErrorText(string pattern, string expected)
    {
        Assert.False(Re2Regex.TryCompile(pattern, out var regex, out string error));
        Assert.Null(regex);
        Assert.Equal(expected, error);
        Assert.False(GoRegex.TryCompile(pattern, out _, out string goError));
        Assert.Equal(expected, goError);
    }

    [Fact]
    public void CompilesToALinearTimeDotNetRegex()
    {
        Assert.True(Re2Regex.TryCompile(@"^v(?P<ver>\d+)$", out var regex, out string error), error);

        Assert.Equal(Re2Regex.Options, regex.Options);
        Assert.True(regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
    }

    [Theory]
    [InlineData(@"(?P<maj>\d+)\.(\d+)", "v12.3", "$maj-$2", "12-3")]
    [InlineData(@"(x)?y", "y", "[$1]", "[]")]
    public void DotNetMatchExpandsLikeGo(string pattern, string input, string template, string expected)
    {
        Assert.True(Re2Regex.TryCompile(pattern, out var regex, out _));

        Assert.Equal(expected, Re2Regex.Expand(regex.Match(input), template));
    }

    [Theory]
    [InlineData(@"\d+", "\u0663\u0664", false)]
    [InlineData(@"^a$", "a\n", false)]
    [InlineData(@"(?m)^a$", "b\na", true)]
    [InlineData(@"(?i)straße", "STRAẞE", true)]
    [InlineData(@"(?U)a+b", "aab", true)]
    [InlineData(@"^\pL\x{1F600}$", "x\U0001F600", true)]
    [InlineData(@"[^a]", "\U0001F600", true)]
    public void DotNetRegexAgreesWithGoOnMatching(string pattern, string input, bool expected)
    {
        Assert.True(Re2Regex.TryCompile(pattern, out var regex, out string error), error);

        Assert.Equal(expected, regex.IsMatch(input));
    }

    [Fact(Timeout = 5000)]
    public async Task HostilePatternOnLongInputCompletes()
    {
        Assert.True(Re2Regex.TryCompile("(a+)+$", out var regex, out _));
        string input = new string('a', 50_000) + "b";

        bool matched = await Task.Run(() => regex.IsMatch(input), TestContext.Current.CancellationToken);

        Assert.False(matched);
    }
}
