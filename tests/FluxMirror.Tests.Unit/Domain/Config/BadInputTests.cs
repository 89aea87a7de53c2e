using FluxMirror.Domain.Config;

namespace FluxMirror.Tests.Unit.Domain.Config;

public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flux-mirror-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string LoadError(string path) =>
        ConfigText.ErrorOf(() => ConfigLoader.Load(ConfigSource.FromFile(path), ConfigText.NoEnv));

    [Fact]
    public void Missing_file()
    {
        var path = Path.Combine(_dir, "nope.yaml");
        Assert.Equal($"open config: open {path}: no such file or directory", LoadError(path));
    }

    [Fact]
    public void Empty_path_is_a_missing_file() => Assert.Equal("open config: open : no such file or directory", LoadError(""));

    [Fact]
    public void Deeply_nested_yaml_is_rejected_not_crashing()
    {
        var yaml = "a: " + new string('[', 5000) + new string(']', 5000) + "\n";
        Assert.Equal("parse config: yaml: line 1: nesting deeper than 64 levels is not supported", ConfigText.ErrorOf(yaml));
    }

    [Fact]
    public void Deeply_nested_substitution_is_rejected_not_crashing()
    {
        var yaml = "a: " + string.Concat(Enumerable.Repeat("${A:-", 5000)) + new string('}', 5000) + "\n";
        Assert.Equal("substitute environment variables: bad substitution: expressions nested deeper than 32 levels", ConfigText.ErrorOf(yaml));
    }

    [Fact]
    public void Directory_instead_of_file() => Assert.Equal($"read config: read {_dir}: is a directory", LoadError(_dir));

    [Fact]
    public void Empty_file() => Assert.Equal("parse config: empty config", LoadError(Write("empty.yaml", [])));

    [Theory]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    [InlineData("   \n\n")]
    public void Empty_documents(string yaml) => Assert.Equal("parse config: empty config", ConfigText.ErrorOf(yaml));

    [Fact]
    public void Oversized_file_is_rejected_without_parsing()
    {
        var path = Path.Combine(_dir, "huge.yaml");
        using (var stream = File.Create(path))
        {
            stream.SetLength(20L * 1024 * 1024);
        }

        Assert.Equal($"read config: {path}: file is larger than the 16 MiB limit", LoadError(path));
    }

    [Fact]
    public void Oversized_stdin_is_rejected()
    {
        using var stdin = new MemoryStream(new byte[(16 * 1024 * 1024) + 1]);
        var e = Assert.Throws<ConfigException>(() => ConfigSource.FromStdin(stdin));
        Assert.Equal("read config: stdin: input is larger than the 16 MiB limit", e.Message);
    }

    [Fact]
    public void Stdin_stream_is_read()
    {
        using var stdin = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ConfigText.Header + ConfigText.Artifact));
        var source = ConfigSource.FromStdin(stdin);
        Assert.True(source.IsStdin);
        Assert.Single(ConfigLoader.Load(source, ConfigText.NoEnv).Artifacts);
    }

    [Fact]
    public void Invalid_utf8_names_the_byte()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("kind: Config\nx: ").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        Assert.Equal("parse config: invalid UTF-8 at byte 16", LoadError(Write("bad.yaml", bytes)));
    }

    [Fact]
    public void Utf8_byte_order_mark_is_accepted()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(ConfigText.Header + ConfigText.Artifact)).ToArray();
        var config = ConfigLoader.Load(ConfigSource.FromFile(Write("bom.yaml", bytes)), ConfigText.NoEnv);
        Assert.Equal(MirrorConfig.ConfigKind, config.Kind);
    }

    [Theory]
    [InlineData("- a\n- b\n", "parse config: expected a mapping at the top level, got a sequence")]
    [InlineData("just text\n", "parse config: expected a mapping at the top level, got a scalar")]
    [InlineData("apiVersion: x\n---\nkind: Config\n", "parse config: yaml: line 2: multiple YAML documents are not supported; put everything in one document")]
    [InlineData("kind: Config\nhosts:\n\t- host: x\n", "parse config: yaml: line 3: found a tab character that violates indentation")]
    [InlineData("kind: Config\nartifacts:\n  - source: a\n  \tdestination: b\n", "parse config: yaml: line 4: found a tab character that violates indentation")]
    [InlineData("kind: Config\nkind: Other\n", "parse config: yaml: line 2: key \"kind\" already defined at line 1")]
    [InlineData("artifacts:\n  - source: a\n    source: b\n", "parse config: yaml: line 3: key \"source\" already defined at line 2")]
    [InlineData("a: *nothing\n", "parse config: yaml: line 1: unknown anchor \"nothing\" referenced")]
    [InlineData("kind: [Config\n", "parse config: yaml: line 2, column 1: *")]
    [InlineData("kind: 'Config\n", "parse config: yaml: line *")]
    [InlineData("kind: Config\n  apiVersion: x\n", "parse config: yaml: line 2, column *")]
    public void Yaml_problems(string yaml, string expected)
    {
        var message = ConfigText.ErrorOf(yaml);
        if (expected.EndsWith('*'))
        {
            Assert.StartsWith(expected[..^1], message);
        }
        else
        {
            Assert.Equal(expected, message);
        }
    }

    [Fact]
    public void Alias_bomb_is_refused_while_reading()
    {
        // Nine levels of ten aliases each: a 400-byte text whose expansion is a billion nodes.
        var yaml = new System.Text.StringBuilder("kind: Config\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 10; level++)
        {
            var previous = $"*l{level - 1}";
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]\n");
        }

        Assert.Equal("parse config: yaml: document contains excessive aliasing", ConfigText.ErrorOf(yaml.ToString()));
    }

    [Fact]
    public void Tab_inside_a_block_scalar_is_content()
    {
        var yaml = ConfigText.Header + ConfigText.Artifact + "hosts:\n  - host: h.example\n    tls:\n      serverAuth:\n        value: |\n          line one\n          \tindented with a tab\n";
        Assert.Contains("\tindented", ConfigText.Load(yaml).Hosts[0].Tls!.ServerAuth!.Value);
    }

    [Fact]
    public void Trailing_empty_document_is_ignored() =>
        Assert.Single(ConfigText.Load(ConfigText.Header + ConfigText.Artifact + "---\n").Artifacts);

    [Theory]
    [InlineData("artifacts:\n  - source: a\n    destination: b\n    selector:\n      foo: 1\n", "parse config: unknown field \"foo\" at artifacts[0].selector (line 5, column 7)")]
    [InlineData("spec: {}\n", "parse config: unknown field \"spec\" at the top level (line 1, column 1)")]
    [InlineData("hosts: [{host: h, credential: {token: t}}]\n", "parse config: unknown field \"token\" at hosts[0].credential (line 1, column 32)")]
    [InlineData("hosts: [{host: h, tls: {clientAuth: {key: {path: x}}}}]\n", "parse config: unknown field \"path\" at hosts[0].tls.clientAuth.key (line 1, column 44)")]
    [InlineData("artifacts: [{source: a, Source: b}]\n", "parse config: field \"Source\" at artifacts[0] repeats \"source\" from line 1 (line 1, column 25)")]
    [InlineData("artifacts: [{source: a, destination: b, selector: {limit: abc}}]\n", "parse config: artifacts[0].selector.limit: expected an integer, got \"abc\" (line 1, column 59)")]
    [InlineData("artifacts: [{source: a, destination: b, selector: {limit: 2.5}}]\n", "parse config: artifacts[0].selector.limit: expected an integer, got \"2.5\" (line 1, column 59)")]
    [InlineData("artifacts: [{source: a, destination: b, selector: {limit: '2'}}]\n", "parse config: artifacts[0].selector.limit: expected an integer, got string \"2\" (line 1, column 59)")]
    [InlineData("charts: [{limit: 99999999999}]\n", "parse config: charts[0].limit: integer \"99999999999\" is out of range (line 1, column 18)")]
    [InlineData("hosts: [{host: h, maxChunkSize: [1]}]\n", "parse config: hosts[0].maxChunkSize: expected an integer, got a list (line 1, column 33)")]
    [InlineData("artifacts: [{overwrite: yes}]\n", "parse config: artifacts[0].overwrite: expected a boolean (true or false), got \"yes\" (line 1, column 25)")]
    [InlineData("artifacts: [{includeReferrers: 'true'}]\n", "parse config: artifacts[0].includeReferrers: expected a boolean (true or false), got string \"true\" (line 1, column 32)")]
    [InlineData("charts: [{version: 1.0}]\n", "parse config: charts[0].version: expected a string, got number 1.0; quote the value to use it as text (line 1, column 20)")]
    [InlineData("hosts: {host: h}\n", "parse config: hosts: expected a list, got a mapping (line 1, column 8)")]
    [InlineData("artifacts: [{selector: [1]}]\n", "parse config: artifacts[0].selector: expected a mapping, got a list (line 1, column 24)")]
    [InlineData("artifacts: [{verify: {minAge: soon}}]\n", "parse config: artifacts[0].verify.minAge: time: invalid duration \"soon\" (line 1, column 31)")]
    [InlineData("hosts: [{credential: {exp: 1d}}]\n", "parse config: hosts[0].credential.exp: time: unknown unit \"d\" in duration \"1d\" (line 1, column 28)")]
    [InlineData("a: &x {b: 1}\nc:\n  <<: 5\n", "parse config: yaml: line 3: map merge requires map or sequence of maps as the value")]
    public void Mapping_problems(string yaml, string expected) => Assert.Equal(expected, ConfigText.ErrorOf(yaml));

    [Theory]
    [InlineData("value")]
    [InlineData("jwkValue")]
    public void Secret_fields_are_never_echoed(string field)
    {
        var message = ConfigText.ErrorOf(ConfigText.Header + $"hosts: [{{host: h, credential: {{{field}: 987654321}}}}]\n");
        Assert.DoesNotContain("987654321", message);
        Assert.StartsWith($"parse config: hosts[0].credential.{field}: expected a string, got a number", message);
    }

    [Fact]
    public void Tls_key_value_is_never_echoed()
    {
        var message = ConfigText.ErrorOf(ConfigText.Header + "hosts: [{host: h, tls: {clientAuth: {key: {value: 12345678}}}}]\n");
        Assert.DoesNotContain("12345678", message);
    }

    [Fact]
    public void Null_values_mean_unset()
    {
        var config = ConfigText.Load(ConfigText.Header + "artifacts:\n  - source: ghcr.io/o/a\n    destination: quay.io/o/a\n    selector: ~\n    verify: null\n    overwrite:\n    includeReferrers: ~\nhosts: ~\ncharts: ~\n");
        var artifact = config.Artifacts[0];
        Assert.Null(artifact.Verify);
        Assert.False(artifact.Overwrite);
        Assert.Equal(1, artifact.Selector.EffectiveLimit);
        Assert.Empty(config.Hosts);
    }
}
