using FluxMirror.Domain.Reporting;

namespace FluxMirror.Tests.Unit.Domain.Reporting;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain v1.2.3 ✓", "plain v1.2.3 ✓")]
    [InlineData("clear\u001b[2Jscreen", "clear\\x1b[2Jscreen")]
    [InlineData("bell\a tab\t cr\r", "bell\\a tab\\t cr\\r")]
    [InlineData("del\u007f c1\u0085", "del\\x7f c1\\u0085")]
    public void Control_characters_become_go_escapes(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Escape(text));

    [Fact]
    public void Log_values_with_control_characters_are_quoted_like_slog()
    {
        var line = LogLineFormatter.Format(DateTimeOffset.UnixEpoch, "tag done", [("src", "ghcr.io/a:\u001b[31mred"), ("status", "copied")]);

        Assert.EndsWith("tag done src=\"ghcr.io/a:\\x1b[31mred\" status=copied", line);
    }
}
