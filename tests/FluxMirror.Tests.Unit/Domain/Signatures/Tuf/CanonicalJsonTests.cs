using System.Text;
using System.Text.Json;
using FluxMirror.Domain.Signatures.Tuf;

namespace FluxMirror.Tests.Unit.Domain.Signatures.Tuf;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{ "b": 1, "a": [true, false, null], "c": { "z": "y", "x": -5 } }""", """{"a":[true,false,null],"b":1,"c":{"x":-5,"z":"y"}}""")]
    [InlineData("""{"_type":"root","Z":0,"a":0}""", """{"Z":0,"_type":"root","a":0}""")]
    [InlineData("""[ ]""", """[]""")]
    [InlineData("""{"k":"\u002B\/"}""", """{"k":"+/"}""")]
    public void Sorts_keys_and_drops_whitespace(string json, string canonical) =>
        Assert.Equal(canonical, Encoding.UTF8.GetString(Encode(json)));

    [Fact]
    public void Escapes_only_quote_and_backslash_and_writes_other_characters_raw()
    {
        var encoded = Encode("""{"s":"a\"b\\c\n\u00e9\t"}""");

        Assert.Equal([.. "{\"s\":\"a\\\"b\\\\c"u8, 0x0A, 0xC3, 0xA9, 0x09, .. "\"}"u8], encoded);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1e3")]
    public void Refuses_numbers_that_are_not_integers(string number) =>
        Assert.Throws<FormatException>(() => Encode($$"""{"n":{{number}}}"""));

    private static byte[] Encode(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CanonicalJson.Encode(document.RootElement);
    }
}
