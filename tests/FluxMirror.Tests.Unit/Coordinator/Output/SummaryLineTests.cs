using FluxMirror.Coordinator.Output;
using FluxMirror.Domain.Reporting;

namespace FluxMirror.Tests.Unit.Coordinator.Output;

public class SummaryLineTests
{
    [Fact]
    public void Lists_non_zero_counts_in_reference_order() =>
        Assert.Equal("Summary: 1 copied, 1 skipped, 1 failed in 4.213s.", SummaryLine.Format(new ReportSummary(3, 1, 0, 1, 0, 0, 0, 1, 1), TimeSpan.FromMilliseconds(4213.4)));

    [Fact]
    public void Every_status_has_its_label() =>
        Assert.Equal("Summary: 1 copied, 2 overwritten, 3 skipped, 4 drifted, 5 would-copy, 6 would-overwrite, 7 failed in 812ms.", SummaryLine.Format(new ReportSummary(1, 1, 2, 3, 4, 5, 6, 7, 1), TimeSpan.FromMilliseconds(812)));

    [Fact]
    public void Nothing_to_mirror() =>
        Assert.Equal("Summary: nothing to mirror in 0s.", SummaryLine.Format(new ReportSummary(1, 0, 0, 0, 0, 0, 0, 0, 0), TimeSpan.Zero));
}
