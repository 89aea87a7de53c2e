using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Infrastructure;

public sealed class ToolingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Process_runner_captures_output_and_exit_code()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "echo out; echo err >&2; exit 3"], Ct);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out", result.StandardOutput.Trim());
        Assert.Equal("err", result.StandardError.Trim());
    }

    [Fact]
    public async Task Process_runner_kills_the_tree_on_timeout()
    {
        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => ProcessRunner.RunAsync(
            "sh", ["-c", "sleep 30 & wait"], new ProcessRunOptions { Timeout = TimeSpan.FromMilliseconds(300) }, Ct));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), stopwatch.Elapsed.ToString());
        Assert.Contains("'sh'", error.Message);
    }

    [Fact]
    public async Task Docker_config_dir_writes_auths_and_cred_helpers()
    {
        using var config = new DockerConfigDir()
            .WithBasic("127.0.0.1:5000", "alice", "pw")
            .WithIdentityToken("id.example", "refresh")
            .WithRegistryToken("reg.example", "bearer")
            .WithCredHelper("helped.example", "fixture");
        config.CreateCredentialHelper("fixture", "bob", "helper-secret");

        var json = JsonNode.Parse(await File.ReadAllTextAsync(config.ConfigFile, Ct))!;
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pw")), json["auths"]!["127.0.0.1:5000"]!["auth"]!.GetValue<string>());
        Assert.Equal("refresh", json["auths"]!["id.example"]!["identitytoken"]!.GetValue<string>());
        Assert.Equal("bearer", json["auths"]!["reg.example"]!["registrytoken"]!.GetValue<string>());
        Assert.Equal("fixture", json["credHelpers"]!["helped.example"]!.GetValue<string>());

        var helper = await ProcessRunner.RunAsync(Path.Combine(config.BinDirectory, "docker-credential-fixture"), ["get"],
            new ProcessRunOptions { StandardInput = "helped.example\n" }, Ct);
        Assert.Equal("helper-secret", JsonNode.Parse(helper.StandardOutput)!["Secret"]!.GetValue<string>());
        Assert.Equal("helped.example", config.LastCredentialHelperRequest("fixture"));
    }

    [Fact]
    public void Docker_config_dir_is_removed_on_dispose()
    {
        var config = new DockerConfigDir();
        Assert.True(File.Exists(config.ConfigFile));

        config.Dispose();

        Assert.False(Directory.Exists(config.Path));
    }

    [Fact]
    public void Access_log_lines_parse_and_other_lines_do_not()
    {
        var request = LoggedRequest.TryParse(
            "127.0.0.1 - alice [27/Nov/2026:20:04:10 +0000] \"PATCH /v2/a/b/blobs/uploads/123?_state=x HTTP/1.1\" 202 0 \"\" \"curl/7.88.1\"");

        Assert.Equal(new LoggedRequest("PATCH", "/v2/a/b/blobs/uploads/123?_state=x", 202), request);
        Assert.Equal("/v2/a/b/blobs/uploads/123", request!.PathWithoutQuery);
        Assert.Null(LoggedRequest.TryParse("time=\"2026-11-27T20:04:10Z\" level=info msg=\"response completed\" http.request.method=GET"));
    }

    [Fact]
    public void Deterministic_stream_is_reproducible_and_chunking_independent()
    {
        var whole = DeterministicStream.Bytes(7, 1001);
        using var chunked = new DeterministicStream(7, 1001);
        var pieces = new byte[1001];
        for (var offset = 0; offset < pieces.Length;)
            offset += chunked.Read(pieces, offset, Math.Min(3 + offset % 13, pieces.Length - offset));

        Assert.Equal(whole, pieces);
        Assert.NotEqual(whole, DeterministicStream.Bytes(8, 1001));
        Assert.Equal(0, chunked.Read(new byte[4], 0, 4));
    }
}
