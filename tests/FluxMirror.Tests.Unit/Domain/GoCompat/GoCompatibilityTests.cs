using System.Text;
using FluxMirror.Domain.GoCompat;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FluxMirror.Tests.Unit.Domain.GoCompat;

/// <summary>The Go formatting and YAML typing rules the Helm config bytes depend on.</summary>
public sealed class GoCompatibilityTests
{
    [Theory]
    [InlineData(1.1, "1.1")]
    [InlineData(1.0, "1")]
    [InlineData(100000.0, "100000")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(16777217.0, "1.6777216e+07")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    public void FloatsReadIntoStringsUseGosFloat32GeneralFormat(double value, string expected)
    {
        Assert.Equal(expected, GoFloatFormat.General32(value));
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1e21, "1e+21")]
    [InlineData(123456789.0, "123456789")]
    [InlineData(-0.25, "-0.25")]
    public void JsonNumbersUseEncodingJsonsFormat(double value, string expected)
    {
        Assert.Equal(expected, GoFloatFormat.Json64(value));
    }

    [Theory]
    [InlineData("~", null)]
    [InlineData("", null)]
    [InlineData("on", "true")]
    [InlineData("No", "false")]
    [InlineData("-0b101", "-5")]
    [InlineData("1_000", "1000")]
    [InlineData("0o17", "15")]
    [InlineData("08", "8")]
    [InlineData(".5", "0.5")]
    [InlineData(".inf", ".inf")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("+1", "1")]
    [InlineData("0.10.0", "0.10.0")]
    public void PlainScalarsAreTypedLikeGoYamlV2(string plain, string? expected)
    {
        Assert.Equal(expected, GoYamlScalar.ToGoString(new YamlScalarNode(plain) { Style = ScalarStyle.Plain }));
    }

    [Fact]
    public void QuotedScalarsStayStrings()
    {
        Assert.Equal("1.10", GoYamlScalar.ToGoString(new YamlScalarNode("1.10") { Style = ScalarStyle.DoubleQuoted }));
        Assert.Equal("yes", GoYamlScalar.ToGoString(new YamlScalarNode("yes") { Style = ScalarStyle.SingleQuoted }));
    }

    [Fact]
    public void JsonStringsEscapeLikeGo()
    {
        var sb = new StringBuilder();

        GoJsonWriter.AppendString(sb, "a<b>&\"\\\n\t\b\f\u0001\u2028é");

        Assert.Equal("\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\t\\b\\f\\u0001\\u2028é\"", sb.ToString());
    }

    [Fact]
    public void MapKeysAreSortedByTheirUtf8Bytes()
    {
        var sb = new StringBuilder();
        var map = new Dictionary<string, object?> { ["\uFF21"] = 1.0, ["\U0001F600"] = true, ["B"] = null, ["a"] = "x" };

        GoJsonWriter.AppendValue(sb, map);

        Assert.Equal("{\"B\":null,\"a\":\"x\",\"\uFF21\":1,\"\U0001F600\":true}", sb.ToString());
    }
}
