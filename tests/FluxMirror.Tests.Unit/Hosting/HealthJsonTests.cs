using FluxMirror.Hosting.Management;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxMirror.Tests.Unit.Hosting;

public sealed class HealthJsonTests
{
    [Fact]
    public void A_report_becomes_its_status_and_each_check_by_name_with_lowercase_statuses()
    {
        var report = Report(
            ("zeta", new HealthReportEntry(HealthStatus.Healthy, "fine", TimeSpan.FromMilliseconds(1.26), null, null)),
            ("alpha", new HealthReportEntry(HealthStatus.Unhealthy, "the shard coordinator does not know this node yet", TimeSpan.Zero, null, null)));

        var json = HealthJson.From(report);

        Assert.Equal("unhealthy", json.Status);
        Assert.Equal(["alpha", "zeta"], json.Checks.Select(c => c.Name));
        Assert.Equal(["unhealthy", "healthy"], json.Checks.Select(c => c.Status));
        Assert.Equal("fine", json.Checks[1].Description);
        Assert.Equal(1.3, json.Checks[1].DurationMs);
    }

    [Theory]
    [InlineData(HealthStatus.Healthy, 200)]
    [InlineData(HealthStatus.Degraded, 200)]
    [InlineData(HealthStatus.Unhealthy, 503)]
    public void Only_unhealthy_answers_503(HealthStatus status, int code) => Assert.Equal(code, HealthJson.StatusCodeOf(status));

    [Theory]
    [InlineData("connect failed: Host=db;Username=flux;Password=hunter2")]
    [InlineData("token rejected")]
    public void A_description_that_may_carry_connection_details_is_withheld(string description)
    {
        var text = HealthJson.Describe(new HealthReportEntry(HealthStatus.Unhealthy, description, TimeSpan.Zero, null, null));

        Assert.DoesNotContain("hunter2", text);
        Assert.StartsWith("(description withheld", text);
    }

    [Fact]
    public void An_exception_shows_as_its_type_name_never_its_message()
    {
        var entry = new HealthReportEntry(HealthStatus.Unhealthy, null, TimeSpan.Zero, new InvalidOperationException("Password=hunter2"), null);

        Assert.Equal(nameof(InvalidOperationException), HealthJson.Describe(entry));
    }

    [Fact]
    public void A_long_description_is_cut()
    {
        var text = HealthJson.Describe(new HealthReportEntry(HealthStatus.Healthy, new string('x', 500), TimeSpan.Zero, null, null));

        Assert.Equal(HealthJson.MaxDescription + 1, text.Length);
    }

    private static HealthReport Report(params (string Name, HealthReportEntry Entry)[] entries) =>
        new(entries.ToDictionary(e => e.Name, e => e.Entry), TimeSpan.Zero);
}
