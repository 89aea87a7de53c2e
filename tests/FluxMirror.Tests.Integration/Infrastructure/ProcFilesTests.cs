using FluxMirror.TestSupport.Infrastructure;

namespace FluxMirror.Tests.Integration.Infrastructure;

public sealed class ProcFilesTests
{
    [Fact]
    public async Task Reaped_children_cpu_grows_by_the_cpu_a_finished_child_used()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = ProcFiles.ReapedChildrenCpuSeconds();

        // A child that only computes, for about a third of a second of CPU on the machines this runs on.
        var child = await ProcessRunner.RunAsync("awk", ["BEGIN { for (i = 0; i < 2e7; i++) s += i; print s }"], ct);

        var after = ProcFiles.ReapedChildrenCpuSeconds();
        Assert.True(child.Succeeded, child.CombinedOutput);
        Assert.NotNull(before);
        Assert.NotNull(after);
        // Other tests' children may finish meanwhile: the growth is at least this child's.
        Assert.InRange(after.Value - before.Value, 0.1, double.MaxValue);
    }
}
