using System.Text;
using System.Text.Json;
using FluxMirror.Domain.Reporting;
using FluxMirror.Protocol.Api;
using FluxMirror.Protocol.Messages;

namespace FluxMirror.Tests.Unit.Protocol.Api;

public sealed class JobEventCodecTests
{
    private const string JobId = "20261204202701-8ce7ff11";

    [Fact]
    public async Task A_written_line_is_one_line_that_decodes_to_the_same_event()
    {
        var finished = new JobFinished(JobId, ReportOf(entries: 3, tagsPerEntry: 4));
        using var output = new MemoryStream();

        await JobEventCodec.WriteLineAsync(output, finished, TestContext.Current.CancellationToken);

        var line = Encoding.UTF8.GetString(output.ToArray());
        Assert.EndsWith("}\n", line, StringComparison.Ordinal);
        Assert.Equal(1, line.Count(c => c == '\n'));
        Assert.Equal(line.TrimEnd('\n'), JobEventCodec.Encode(finished));
        var decoded = Assert.IsType<JobFinished>(JobEventCodec.Decode(line.TrimEnd('\n')));
        Assert.Equal(JobEventCodec.Encode(finished), JobEventCodec.Encode(decoded));
        Assert.Equal(12, decoded.Report.Results.Sum(r => r.Tags.Count));
    }

    [Fact]
    public void The_line_names_the_event_by_its_wire_name()
    {
        using var line = JsonDocument.Parse(JobEventCodec.Encode(new JobProgress(JobId, 1, 2, 3, 4, 5)));

        Assert.Equal("jp", line.RootElement.GetProperty("type").GetString());
        Assert.Equal(3, line.RootElement.GetProperty("event").GetProperty("tagsDone").GetInt32());
    }

    // A job's last line carries its whole report. Written straight into the response it costs the coordinator's heap
    // a small fraction of the line (a JSON tree of it cost several times the line: 20 000 tags ran a 96 MiB heap out).
    [Fact]
    public async Task Writing_a_large_report_allocates_far_less_than_the_line()
    {
        var finished = new JobFinished(JobId, ReportOf(entries: 1000, tagsPerEntry: 10));
        await JobEventCodec.WriteLineAsync(new CountingStream(), new JobFinished(JobId, ReportOf(1, 1)), TestContext.Current.CancellationToken); // first use
        var counting = new CountingStream();

        var before = GC.GetAllocatedBytesForCurrentThread();
        await JobEventCodec.WriteLineAsync(counting, finished, TestContext.Current.CancellationToken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(counting.Written > 1_000_000, $"the line is {counting.Written} bytes");
        Assert.True(allocated < counting.Written / 4, $"{allocated} bytes allocated to write a {counting.Written}-byte line");
    }

    [Theory]
    [InlineData("[]", "not an object")]
    [InlineData("{\"event\":{}}", "no type")]
    [InlineData("{\"type\":\"jp\"}", "no event")]
    [InlineData("{\"type\":\"jp\",\"event\":\"text\"}", "no event")]
    public void A_line_that_is_not_an_event_is_refused(string line, string why)
    {
        var refused = Assert.Throws<JsonException>(() => JobEventCodec.Decode(line));

        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    private static SyncReport ReportOf(int entries, int tagsPerEntry) => SyncReport.Create(
        "flux-mirror/v0.1.0",
        DateTimeOffset.UnixEpoch,
        TimeSpan.FromSeconds(1),
        [.. Enumerable.Range(0, entries).Select(e => new EntryResult(
            $"source.example/team/repository-{e}",
            $"mirror.example/team/repository-{e}",
            false,
            null,
            [.. Enumerable.Range(0, tagsPerEntry).Select(t => new TagResult($"v1.{t}.0", TagStatus.Copied, "sha256:" + new string((char)('a' + (t % 6)), 64)))]))]);

    /// <summary>Counts what is written and keeps none of it, as a socket would.</summary>
    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        // Completes at once, like every write here, so the whole line is written on the test's thread (and counted).
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
